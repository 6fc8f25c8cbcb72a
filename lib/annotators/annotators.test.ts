import { describe, expect, it } from "vitest";
import { clusterEdges } from "@/lib/annotate/dedup-step";
import { c4Annotator, c4Lines } from "@/lib/annotators/c4";
import { contentHash } from "@/lib/annotators/exact-dedup";
import { finewebAnnotator } from "@/lib/annotators/fineweb";
import { gopherQualityAnnotator } from "@/lib/annotators/gopher-quality";
import { gopherRepetitionAnnotator } from "@/lib/annotators/gopher-repetition";
import { listAnnotators } from "@/lib/annotators";
import { langAnnotator } from "@/lib/annotators/lang";
import { bandHashes, minhashSignature } from "@/lib/annotators/minhash";
import { statsAnnotator } from "@/lib/annotators/stats";
import type { TAnnotator } from "@/lib/annotators/types";
import { brownDocs } from "@/lib/demo/brown";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const run = async (a: TAnnotator<any>, text: string, config: Record<string, unknown> = {}) => (await a.annotate([{ id: "d", text }], a.configSchema.parse(config)))[0];

describe("gopher_quality", () => {
  it("computes every signal by hand on a short text", async () => {
    // 14 whitespace words; lengths 3+3+3+2+3+4+2+3+5+3+4+4+3+4 = 46 → mean 46/14 = 3.2857.
    // Stop words: The, the, and, with, the = 5.
    const r = await run(gopherQualityAnnotator, "The cat sat on the mat. It was happy and warm with the sun.");
    expect(r["gopher_quality.word_count"]).toBe(14);
    expect(r["gopher_quality.mean_word_length"]).toBe(3.2857);
    expect(r["gopher_quality.stop_words"]).toBe(5);
    expect(r["gopher_quality.alpha_words_ratio"]).toBe(1);
    expect(r["gopher_quality.hash_word_ratio"]).toBe(0);
    expect(r["gopher_quality.pass"]).toBe(false);
    expect(r["gopher_quality.first_failed_rule"]).toBe("too_few_words");
    const relaxed = await run(gopherQualityAnnotator, "The cat sat on the mat. It was happy and warm with the sun.", { min_words: 10 });
    expect(relaxed["gopher_quality.pass"]).toBe(true);
    expect(relaxed["gopher_quality.first_failed_rule"]).toBeNull();
  });

  it("flags hashes, bullets and ellipsis lines", async () => {
    // '#' twice over 4 words = 0.5 > 0.1.
    const h = await run(gopherQualityAnnotator, "#tag #tag hello world", { min_words: 0 });
    expect(h["gopher_quality.hash_word_ratio"]).toBe(0.5);
    expect(h["gopher_quality.first_failed_rule"]).toBe("too_many_hashes");
    // 2 of 3 lines start with a bullet; 2 of 3 lines end with an ellipsis.
    expect((await run(gopherQualityAnnotator, "- a b c\n- d e f\nplain line here"))["gopher_quality.bullet_lines_ratio"]).toBe(0.6667);
    expect((await run(gopherQualityAnnotator, "wait...\nok\nand so…"))["gopher_quality.ellipsis_lines_ratio"]).toBe(0.6667);
  });
});

describe("gopher_repetition", () => {
  it("computes duplicate lines and n-gram fractions by hand", async () => {
    // Text length 17. Lines: "a b c" twice → 1/3 duplicate lines, 5/17 duplicate chars.
    // Top 2-gram "a b" (or "b c"), 3 chars × 2 = 6/17; top 3-gram "a b c", 5 × 2 = 10/17; no repeated 4-gram.
    const r = await run(gopherRepetitionAnnotator, "a b c\na b c\nx y z");
    expect(r["gopher_repetition.dup_line_frac"]).toBe(0.333333);
    expect(r["gopher_repetition.dup_line_char_frac"]).toBe(0.294118);
    expect(r["gopher_repetition.dup_para_frac"]).toBe(0);
    expect(r["gopher_repetition.top_2gram_char_frac"]).toBe(0.352941);
    expect(r["gopher_repetition.top_3gram_char_frac"]).toBe(0.588235);
    expect(r["gopher_repetition.top_4gram_char_frac"]).toBe(0);
    expect(r["gopher_repetition.dup_5gram_char_frac"]).toBe(0);
    expect(r["gopher_repetition.first_failed_rule"]).toBe("dup_line_frac");
  });

  it("counts characters of duplicated 5-grams, skipping past each repeat", async () => {
    // 10 words "w0 … w4 w0 … w4": the 5-gram at position 5 repeats position 0 → 5 words × 2 chars = 10
    // chars (joined without spaces) over a text of 29 chars.
    const text = "w0 w1 w2 w3 w4 w0 w1 w2 w3 w4";
    const r = await run(gopherRepetitionAnnotator, text);
    expect(r["gopher_repetition.dup_5gram_char_frac"]).toBe(Number((10 / 29).toFixed(6)));
  });

  it("passes natural prose from the Brown corpus", async () => {
    const r = await run(gopherRepetitionAnnotator, brownDocs()[0].text);
    expect(r["gopher_repetition.pass"]).toBe(true);
  });
});

describe("c4", () => {
  const text = [
    "This is a proper sentence.",
    "no punctuation here",
    "Too short.",
    "Please enable javascript to view this page.",
    "Read our privacy policy for details.",
    "Another good sentence here! And one more?",
    "A third full sentence is here.",
    "Fourth sentence is right here.",
  ].join("\n");

  it("removes lines by rule and counts sentences in kept lines", async () => {
    const config = c4Annotator.configSchema.parse({});
    const res = c4Lines(text, config);
    expect(res.flagged).toEqual([
      { line: 1, rule: "no_terminal_punctuation" },
      { line: 2, rule: "too_few_words" },
      { line: 3, rule: "javascript" },
      { line: 4, rule: "policy" },
    ]);
    expect(res.sentences).toBe(5);
    const r = await run(c4Annotator, text);
    expect(r["c4.lines"]).toBe(8);
    expect(r["c4.lines_removed"]).toBe(4);
    expect(r["c4.lines_removed_frac"]).toBe(0.5);
    expect(r["c4.pass"]).toBe(true);
    expect(c4Annotator.flagLines!(text, config)).toEqual(res.flagged);
  });

  it("rejects lorem ipsum, curly brackets and too few sentences", async () => {
    expect((await run(c4Annotator, "Lorem ipsum dolor sit amet."))["c4.first_failed_rule"]).toBe("lorem_ipsum");
    expect((await run(c4Annotator, "function f() { return 1; } is code."))["c4.first_failed_rule"]).toBe("curly_bracket");
    expect((await run(c4Annotator, "Only one sentence is here."))["c4.first_failed_rule"]).toBe("too_few_sentences");
  });
});

describe("fineweb", () => {
  it("computes its ratios by hand", async () => {
    // 3 lines, 2 end with '.', 2 have ≤ 30 chars, no duplicate lines; 2 newlines over 12 words.
    const r = await run(finewebAnnotator, "Hello world.\nshort\nThis line is long enough to exceed thirty characters.");
    expect(r["fineweb.line_punct_ratio"]).toBe(0.666667);
    expect(r["fineweb.short_line_ratio"]).toBe(0.666667);
    expect(r["fineweb.char_dup_ratio"]).toBe(0);
    expect(r["fineweb.newline_ratio"]).toBe(0.166667);
    expect(r["fineweb.pass"]).toBe(true);
    const listy = await run(finewebAnnotator, "one\ntwo\nthree\nfour");
    expect(listy["fineweb.first_failed_rule"]).toBe("line_punct_ratio");
  });
});

describe("stats", () => {
  it("counts characters, words, lines and tokens", async () => {
    // 25 code points (the emoji is one); words Hello, world, 👋, second, line: (5+5+1+6+4)/5 = 4.2.
    const r = await run(statsAnnotator, "Hello world 👋\nsecond line");
    expect(r["stats.n_chars"]).toBe(25);
    expect(r["stats.n_words"]).toBe(5);
    expect(r["stats.n_lines"]).toBe(2);
    expect(r["stats.mean_word_length"]).toBe(4.2);
    expect(r["stats.n_tokens"]).toBeGreaterThan(3);
  });
});

describe("lang", () => {
  it("identifies languages with fastText lid.176", async () => {
    const en = await run(langAnnotator, brownDocs()[0].text);
    expect(en["lang.code"]).toBe("en");
    expect(en["lang.score"] as number).toBeGreaterThan(0.9);
    const fr = await run(langAnnotator, "Le grand jury du comté a déclaré vendredi qu'une enquête sur les récentes élections primaires n'avait révélé aucune preuve d'irrégularités.");
    expect(fr["lang.code"]).toBe("fr");
    const de = await run(langAnnotator, "Die Geschworenen erklärten am Freitag, dass die Untersuchung der jüngsten Vorwahlen keine Beweise für Unregelmäßigkeiten ergeben habe.");
    expect(de["lang.code"]).toBe("de");
    const zh = await run(langAnnotator, "大陪审团星期五表示，对最近初选的调查没有发现任何违规行为的证据。陪审团还说，市执行委员会应该受到赞扬和感谢。");
    expect(zh["lang.code"]).toBe("zh");
    expect((await run(langAnnotator, "  \n "))["lang.code"]).toBeNull();
  });
});

describe("dedup", () => {
  it("hashes normalised text for exact duplicates", () => {
    expect(contentHash("Hello,   World!")).toBe(contentHash("hello world"));
    expect(contentHash("Hello, World!", false)).not.toBe(contentHash("hello world", false));
  });

  it("gives near-duplicate texts a shared MinHash band and unrelated ones none", () => {
    const config = { ngram: 5, bands: 14, rows_per_band: 8, seed: 1 };
    const base = brownDocs()[3].text.split("\n").slice(0, 6).join("\n");
    const edited = base.replace(/\bthe\b/, "a");
    const other = brownDocs()[200].text.split("\n").slice(0, 6).join("\n");
    const bands = (t: string) => new Set(bandHashes(minhashSignature(t, config)!, config));
    const b0 = bands(base);
    expect([...bands(edited)].some((h) => b0.has(h))).toBe(true);
    expect([...bands(other)].some((h) => b0.has(h))).toBe(false);
    expect(minhashSignature("", config)).toBeNull();
  });

  it("clusters candidate pairs with the first document as root", () => {
    expect(Array.from(clusterEdges(6, [[3, 1], [5, 3], [4, 2]]))).toEqual([0, 1, 2, 1, 2, 1]);
  });
});

describe("every annotator", () => {
  const edge = {
    empty: "",
    oneWord: "word",
    repeatedLine: "the same line over and over again\n".repeat(300_000),
    binary: Array.from({ length: 2000 }, (_, i) => String.fromCharCode((i * 7919) % 65_000)).join(""),
    emojiCjk: "今天天气很好😀我们去公园散步吧。🌳🌞 これは日本語の文です。",
    crlf: "First line here.\r\nSecond line here.\r\n\r\nThird paragraph here.",
  };

  for (const a of listAnnotators()) {
    it(`${a.id}: handles edge cases and writes exactly its declared columns`, async () => {
      const config = a.configSchema.parse({});
      const declared = a.global ? a.global.signatureColumns : a.columns(config);
      const rows = await a.annotate(Object.entries(edge).map(([id, text]) => ({ id, text })), config);
      expect(rows).toHaveLength(Object.keys(edge).length);
      for (const row of rows) {
        expect(Object.keys(row).sort()).toEqual(declared.map((c) => c.name).sort());
        for (const c of declared) {
          const v = row[c.name];
          if (v === null) continue;
          if (c.type === "BOOLEAN") expect(typeof v).toBe("boolean");
          else if (c.type === "BIGINT") expect(Number.isInteger(v)).toBe(true);
          else if (c.type === "DOUBLE") expect(Number.isFinite(v)).toBe(true);
          else if (c.type === "VARCHAR") expect(typeof v).toBe("string");
          else expect(Array.isArray(v)).toBe(true);
        }
      }
    });
  }
});
