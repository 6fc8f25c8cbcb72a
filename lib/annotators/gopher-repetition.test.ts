import { describe, expect, it } from "vitest";
import { gopherRepetitionAnnotator, gopherRepetitionSignals } from "@/lib/annotators/gopher-repetition";
import { hashedWords } from "@/lib/annotators/text-utils";
import { brownDocs } from "@/lib/demo/brown";

// The hand-computed cases below are DCLM's definitions (preset dclm); datatrove's are further down.
const run = async (text: string, config: Record<string, unknown> = {}) =>
  (await gopherRepetitionAnnotator.annotate([{ id: "d", text }], gopherRepetitionAnnotator.configSchema.parse({ preset: "dclm", ...config })))[0];
const runDt = async (text: string, config: Record<string, unknown> = {}) =>
  (await gopherRepetitionAnnotator.annotate([{ id: "d", text }], gopherRepetitionAnnotator.configSchema.parse(config)))[0];

/** A plain port of DCLM's repetition_filter, with string n-grams, over the same words. */
const reference = (text: string): Record<string, number> => {
  const t = text.replace(/\r\n?/g, "\n");
  const segs = (sep: string) => t.split(sep).map((s) => s.replace(/^[\s\u001c-\u001f\u0085]+|[\s\u001c-\u001f\u0085]+$/g, "")).filter(Boolean);
  const segStats = (xs: string[]) => {
    if (xs.length < 2) return [0, 0];
    const counts = new Map<string, number>();
    for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
    const total = xs.reduce((a, x) => a + [...x].length, 0);
    let c = 0;
    let ch = 0;
    for (const [x, n] of counts) {
      if (n > 1) {
        c += n;
        ch += [...x].length * n;
      }
    }
    return [c / xs.length, ch / total];
  };
  const [lc, lch] = segStats(segs("\n"));
  const [pc, pch] = segStats(segs("\n\n"));
  const spans: number[] = [];
  hashedWords(t, spans);
  const words: string[] = [];
  for (let i = 0; i < spans.length; i += 2) words.push(t.slice(spans[i], spans[i + 1]));
  const len = (w: string) => [...w].length;
  const total = words.reduce((a, w) => a + len(w), 0);
  const out: Record<string, number> = { dup_line_frac: lc, dup_line_char_frac: lch, dup_para_frac: pc, dup_para_char_frac: pch };
  for (let n = 2; n <= 10; n++) {
    const grams: string[][] = [];
    for (let i = 0; i + n <= words.length; i++) grams.push(words.slice(i, i + n));
    const counts = new Map<string, number>();
    for (const g of grams) counts.set(g.join("\u0001"), (counts.get(g.join("\u0001")) ?? 0) + 1);
    const key = n <= 4 ? `top_${n}gram_char_frac` : `dup_${n}gram_char_frac`;
    const best = Math.max(0, ...counts.values());
    if (grams.length === 0 || best < 2) {
      out[key] = 0;
      continue;
    }
    if (n <= 4) {
      let bestLen = 0;
      for (const [g, c] of counts) if (c === best) bestLen = Math.max(bestLen, g.split("\u0001").reduce((a, w) => a + len(w), 0));
      out[key] = (bestLen * best) / total;
    } else {
      const covered = new Set<number>();
      grams.forEach((g, i) => {
        if (counts.get(g.join("\u0001"))! > 1) for (let k = i; k < i + n; k++) covered.add(k);
      });
      out[key] = [...covered].reduce((a, i) => a + len(words[i]), 0) / total;
    }
  }
  return out;
};

describe("gopher_repetition", () => {
  it("computes line and n-gram fractions by hand", async () => {
    const r = await run("a b c\na b c\nx y z");
    // Lines "a b c" ×2 and "x y z": every occurrence of a repeated line counts → 2/3;
    // characters 5 × 2 = 10 of 5 + 5 + 5 = 15.
    expect(r["gopher_repetition.dup_line_frac"]).toBeCloseTo(2 / 3, 12);
    expect(r["gopher_repetition.dup_line_char_frac"]).toBeCloseTo(10 / 15, 12);
    // One paragraph: nothing repeats.
    expect(r["gopher_repetition.dup_para_frac"]).toBe(0);
    expect(r["gopher_repetition.dup_para_char_frac"]).toBe(0);
    // Words a b c a b c x y z: 9 characters. 2-grams "a b" and "b c" occur twice (2 chars each) → 2×2/9;
    // 3-gram "a b c" twice → 3×2/9; no 4-gram repeats.
    expect(r["gopher_repetition.top_2gram_char_frac"]).toBeCloseTo(4 / 9, 12);
    expect(r["gopher_repetition.top_3gram_char_frac"]).toBeCloseTo(6 / 9, 12);
    expect(r["gopher_repetition.top_4gram_char_frac"]).toBe(0);
    for (let n = 5; n <= 10; n++) expect(r[`gopher_repetition.dup_${n}gram_char_frac`]).toBe(0);
    expect(r["gopher_repetition.pass"]).toBe(false);
    expect(r["gopher_repetition.first_failed_rule"]).toBe("max_dup_line_frac");
  });

  it("counts the union of words covered by repeated 5…10-grams", () => {
    // 10 words of 2 characters = 20. The 5-gram w0…w4 occurs at 0 and 5: words 0–9 covered → 20/20.
    // No 6-gram repeats. Top 2/3/4-grams occur twice: 4×2/20, 6×2/20, 8×2/20.
    const s = gopherRepetitionSignals("w0 w1 w2 w3 w4 w0 w1 w2 w3 w4", "dclm");
    expect(s.dup_5gram_char_frac).toBe(1);
    expect(s.dup_6gram_char_frac).toBe(0);
    expect(s.top_2gram_char_frac).toBeCloseTo(0.4, 12);
    expect(s.top_3gram_char_frac).toBeCloseTo(0.6, 12);
    expect(s.top_4gram_char_frac).toBeCloseTo(0.8, 12);
    // a b c d e f a b c d e g: "a b c d e" at 0 and 6 → words 0–4 and 6–10 = 10 of 12 characters.
    const t = gopherRepetitionSignals("a b c d e f a b c d e g", "dclm");
    expect(t.dup_5gram_char_frac).toBeCloseTo(10 / 12, 12);
    expect(t.dup_6gram_char_frac).toBe(0);
  });

  it("breaks ties for the top n-gram by length and ignores punctuation", () => {
    // aa bb aa bb cc dddd cc dddd (20 chars): "aa bb" and "cc dddd" both occur twice; the longer (6) wins → 12/20.
    expect(gopherRepetitionSignals("aa bb aa bb cc dddd cc dddd", "dclm").top_2gram_char_frac).toBeCloseTo(0.6, 12);
    // Words Hello world Hello world (20 chars): "Hello world" twice → 10×2/20.
    expect(gopherRepetitionSignals("Hello, world! Hello, world!", "dclm").top_2gram_char_frac).toBe(1);
  });

  it("splits paragraphs on blank lines, \\r\\n included", () => {
    // Paragraphs "p one", "p one", "p two": 2/3 by count, 10/15 by characters.
    const s = gopherRepetitionSignals("p one\r\n\r\np one\r\n\r\np two", "dclm");
    expect(s.dup_para_frac).toBeCloseTo(2 / 3, 12);
    expect(s.dup_para_char_frac).toBeCloseTo(10 / 15, 12);
  });

  it("fails blank text and can skip the paragraph rules", async () => {
    // DCLM's line check rejects a page without lines.
    expect((await run(""))["gopher_repetition.first_failed_rule"]).toBe("max_dup_line_frac");
    expect((await run(" \n\t\n"))["gopher_repetition.first_failed_rule"]).toBe("max_dup_line_frac");
    const paras = "First paragraph here.\n\nFirst paragraph here.\n\nSecond one, different.\n\nThird, also unique.";
    expect((await run(paras))["gopher_repetition.first_failed_rule"]).toBe("max_dup_line_frac");
    expect((await run(paras, { max_dup_line_frac: 1, max_dup_line_char_frac: 1, max_top_2gram_char_frac: 1, max_top_3gram_char_frac: 1 }))["gopher_repetition.first_failed_rule"]).toBe(
      "max_dup_para_frac",
    );
  });

  it("agrees with a plain string implementation on real and synthetic texts", () => {
    const texts = [
      ...brownDocs()
        .slice(0, 15)
        .map((d) => d.text),
      "the cat the cat the cat sat on the mat the cat sat on the mat",
      "x ".repeat(50),
      "one two three four five six seven eight nine ten eleven\n".repeat(3) + "one two three four five six seven eight nine ten twelve",
      "中文中文中文 カタカナ カタカナ 😀 ok ok",
    ];
    for (const text of texts) {
      const fast = gopherRepetitionSignals(text, "dclm");
      const ref = reference(text);
      for (const [k, v] of Object.entries(ref)) expect(fast[k as keyof typeof fast], `${k} of ${text.slice(0, 30)}`).toBeCloseTo(v, 10);
    }
  });

  it("passes natural prose and fails a page of one repeated line quickly", async () => {
    expect((await run(brownDocs()[0].text))["gopher_repetition.pass"]).toBe(true);
    const spam = await run("buy cheap pills now\n".repeat(100_000));
    expect(spam["gopher_repetition.dup_line_frac"]).toBe(1);
    expect(spam["gopher_repetition.first_failed_rule"]).toBe("max_dup_line_frac");
  });
});

describe("gopher_repetition, datatrove preset (the default)", () => {
  it("counts repeats only, over len(text), paragraphs before lines", async () => {
    // 3 paragraphs, the second repeats the first: 1/3 > 0.3 → fails the paragraph rule first.
    const text = "alpha beta gamma\n\nalpha beta gamma\n\ndelta epsilon zeta eta";
    const r = await runDt(text);
    expect(r["gopher_repetition.dup_para_frac"]).toBeCloseTo(1 / 3, 12);
    expect(r["gopher_repetition.dup_para_char_frac"]).toBeCloseTo(16 / text.length, 12);
    // Lines split on "\n+": the same three pieces.
    expect(r["gopher_repetition.dup_line_frac"]).toBeCloseTo(1 / 3, 12);
    expect(r["gopher_repetition.first_failed_rule"]).toBe("max_dup_para_frac");
  });

  it("takes the most common n-gram even at count 1, with the spaces of the joined n-gram", async () => {
    // spaCy words: one two three four five six seven eight nine ten . (11 words, no repeats)
    const text = "one two three four five six seven eight nine ten.";
    const r = await runDt(text);
    // First 2-gram "one two" (7 chars) × 1 / 50.
    expect(r["gopher_repetition.top_2gram_char_frac"]).toBeCloseTo(7 / text.length, 12);
    expect(r["gopher_repetition.top_4gram_char_frac"]).toBeCloseTo("one two three four".length / text.length, 12);
    expect(r["gopher_repetition.dup_5gram_char_frac"]).toBe(0);
  });

  it("scans duplicated n-grams greedily, jumping over a repeat", async () => {
    // 5 words twice: the second occurrence is one repeat of 5 words = 25 letters; len(text) = 59.
    const text = "aaaaa bbbbb ccccc ddddd eeeee aaaaa bbbbb ccccc ddddd eeeee";
    const r = await runDt(text);
    expect(r["gopher_repetition.dup_5gram_char_frac"]).toBeCloseTo(25 / text.length, 12);
    expect(r["gopher_repetition.first_failed_rule"]).toBe("max_top_2gram_char_frac");
  });

  it("fails an empty text (datatrove divides by zero)", async () => {
    expect((await runDt(""))["gopher_repetition.first_failed_rule"]).toBe("empty");
    expect((await runDt("", { preset: "fineweb" }))["gopher_repetition.first_failed_rule"]).toBe("empty");
  });

  it("lets a threshold override the preset's value", async () => {
    const text = "alpha beta gamma\n\nalpha beta gamma\n\ndelta epsilon zeta eta";
    expect((await runDt(text, { max_dup_para_frac: 0.5, max_dup_para_char_frac: 0.5 }))["gopher_repetition.first_failed_rule"]).toBe("max_dup_line_frac");
  });
});
