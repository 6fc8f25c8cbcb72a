import { describe, expect, it } from "vitest";
import { countWordTokens, finewebAnnotator, finewebSignals } from "@/lib/annotators/fineweb";
import { brownDocs } from "@/lib/demo/brown";

const run = async (text: string, config: Record<string, unknown> = {}) =>
  (await finewebAnnotator.annotate([{ id: "d", text }], finewebAnnotator.configSchema.parse(config)))[0];

/** datatrove's FineWebQualityFilter signals, ported as is (with the same word tokens). */
const reference = (text: string) => {
  const lines = text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  const len = (s: string) => [...s].length;
  const seen = new Set<string>();
  let dup = 0;
  for (const l of lines.filter((x) => x.trim() !== "")) {
    if (seen.has(l)) dup += len(l);
    else seen.add(l);
  }
  return {
    line_punct_ratio: lines.filter((l) => /[.'"!?]$/.test(l)).length / lines.length,
    short_line_ratio: lines.filter((l) => len(l) <= 30).length / lines.length,
    char_dup_ratio: dup / len(text.replaceAll("\n", "")),
    newline_ratio: (text.split("\n").length - 1) / countWordTokens(text),
  };
};

describe("fineweb", () => {
  it("computes its ratios by hand", async () => {
    const r = await run("Hello world.\nshort\nThis line is long enough to exceed thirty characters.");
    // 3 lines; 2 end with "." → 2/3; "Hello world." (12) and "short" (5) are ≤ 30 chars → 2/3 < 0.67.
    expect(r["fineweb.line_punct_ratio"]).toBeCloseTo(2 / 3, 12);
    expect(r["fineweb.short_line_ratio"]).toBeCloseTo(2 / 3, 12);
    expect(r["fineweb.char_dup_ratio"]).toBe(0);
    // 2 newlines; tokens: Hello, world + ".", short, 9 words + "." → 1 + 2 + 1 + 10 = 14.
    expect(r["fineweb.newline_ratio"]).toBeCloseTo(2 / 14, 12);
    expect(r["fineweb.pass"]).toBe(true);
    expect(r["fineweb.first_failed_rule"]).toBeNull();
  });

  it("counts characters of repeated lines, the first occurrence excluded", async () => {
    const text = ["This sentence appears twice in the text.", "This sentence appears twice in the text.", "And this closing line is different from both."].join("\n");
    const r = await run(text);
    // Lines of 40, 40 and 45 characters: one repeat of 40 over 125 characters (newlines excluded).
    expect(r["fineweb.char_dup_ratio"]).toBeCloseTo(40 / 125, 12);
    expect(r["fineweb.line_punct_ratio"]).toBe(1);
    expect(r["fineweb.short_line_ratio"]).toBe(0);
    // Tokens: (7 + 1) × 2 + (8 + 1) = 25; 2 newlines.
    expect(r["fineweb.newline_ratio"]).toBeCloseTo(2 / 25, 12);
    expect(r["fineweb.first_failed_rule"]).toBe("max_char_dup_ratio");
  });

  it("fails lists and short lines, in datatrove's order", async () => {
    expect((await run("one\ntwo\nthree\nfour"))["fineweb.first_failed_rule"]).toBe("min_line_punct_ratio");
    expect((await run("one\ntwo\nthree\nfour", { exclude_zero_punct: true }))["fineweb.first_failed_rule"]).toBe("max_short_line_ratio");
    // Lines end with ". " (no stripping in datatrove): not punctuated.
    expect((await run("Hello there. \nAnother line. "))["fineweb.line_punct_ratio"]).toBe(0);
    // 7 words, 6 newlines: 6/7 > 0.3 (every line punctuated and long enough otherwise).
    const listy = Array.from({ length: 7 }, (_, i) => `Item${i}${"x".repeat(30)}.`).join("\n");
    expect((await run(listy))["fineweb.first_failed_rule"]).toBe("max_newline_ratio");
  });

  it("treats \\r\\n like \\n and handles empty text", async () => {
    const crlf = await run("Sentence one is right here.\r\nSentence two is right here.");
    expect(crlf["fineweb.line_punct_ratio"]).toBe(1);
    const empty = finewebSignals("");
    expect(empty).toEqual({ lines: 1, line_punct_ratio: 0, short_line_ratio: 1, char_dup_ratio: 0, newline_ratio: 0 });
  });

  it("agrees with a plain port of datatrove on real texts", () => {
    const texts = [...brownDocs().slice(0, 10).map((d) => d.text), "a\n\nb\n\na\n", "😀 emoji line that is rather long indeed!\n😀 emoji line that is rather long indeed!"];
    for (const t of texts) {
      const fast = finewebSignals(t);
      const ref = reference(t);
      for (const [k, v] of Object.entries(ref)) expect(fast[k as keyof typeof fast], k).toBeCloseTo(v, 12);
    }
  });

  it("counts nltk-like word tokens", () => {
    // "(see" → ( see; "end." → end .; "..." → one token; "it," → it ,
    expect(countWordTokens("(see the end. ... it, now")).toBe(9);
  });
});
