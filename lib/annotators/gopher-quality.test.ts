import { describe, expect, it } from "vitest";
import { gopherQualityAnnotator, gopherQualitySignals } from "@/lib/annotators/gopher-quality";
import { brownDocs } from "@/lib/demo/brown";

const run = async (text: string, config: Record<string, unknown> = {}) =>
  (await gopherQualityAnnotator.annotate([{ id: "d", text }], gopherQualityAnnotator.configSchema.parse(config)))[0];

describe("gopher_quality", () => {
  it("computes every signal by hand on a sentence", async () => {
    const r = await run("The cat sat on the mat. It was happy and warm with the sun.");
    // 14 whitespace words, all with letters: The cat sat on the mat. It was happy and warm with the sun.
    // Lengths 3+3+3+2+3+4+2+3+5+3+4+4+3+4 = 46 → mean 46/14.
    expect(r["gopher_quality.word_count"]).toBe(14);
    expect(r["gopher_quality.mean_word_length"]).toBeCloseTo(46 / 14, 12);
    // No '#', no ellipsis, one line (no bullet, no ellipsis end), every word has a letter.
    expect(r["gopher_quality.hash_word_ratio"]).toBe(0);
    expect(r["gopher_quality.ellipsis_word_ratio"]).toBe(0);
    expect(r["gopher_quality.bullet_lines_ratio"]).toBe(0);
    expect(r["gopher_quality.ellipsis_lines_ratio"]).toBe(0);
    expect(r["gopher_quality.non_alpha_words_ratio"]).toBe(0);
    // Stop words: The, the, and, with, the = 5.
    expect(r["gopher_quality.stop_words"]).toBe(5);
    // 14 < 50 words.
    expect(r["gopher_quality.pass"]).toBe(false);
    expect(r["gopher_quality.first_failed_rule"]).toBe("min_words");
    const relaxed = await run("The cat sat on the mat. It was happy and warm with the sun.", { min_words: 10 });
    expect(relaxed["gopher_quality.pass"]).toBe(true);
    expect(relaxed["gopher_quality.first_failed_rule"]).toBeNull();
  });

  it("computes symbol, bullet, ellipsis and alphabetic signals by hand", async () => {
    const text = ["# Title", "- item one...", "- item two", "", "• item 3 …", "plain line with 42 and 7"].join("\n");
    const s = gopherQualitySignals(text);
    // Tokens (18): # Title - item one... - item two • item 3 … plain line with 42 and 7.
    // Words with a letter or digit (13): Title item one... item two item 3 plain line with 42 and 7,
    // lengths 5+4+6+4+3+4+1+5+4+4+2+3+1 = 46.
    expect(s.word_count).toBe(13);
    expect(s.mean_word_length).toBeCloseTo(46 / 13, 12);
    // One '#' per 13 words; ellipses "..." + "…" = 2 per 13 words.
    expect(s.hash_word_ratio).toBeCloseTo(1 / 13, 12);
    expect(s.ellipsis_word_ratio).toBeCloseTo(2 / 13, 12);
    // 5 non-blank lines; bullets ("-", "-", "•") 3/5; ellipsis ends ("one...", "3 …") 2/5.
    expect(s.bullet_lines_ratio).toBeCloseTo(3 / 5, 12);
    expect(s.ellipsis_lines_ratio).toBeCloseTo(2 / 5, 12);
    // Tokens without a letter: # - - • 3 … 42 7 = 8 of 18.
    expect(s.non_alpha_words_ratio).toBeCloseTo(8 / 18, 12);
    // with, and.
    expect(s.stop_words).toBe(2);
    // With the word minimum off, the ellipsis ratio (0.154 > 0.1) is the first rule broken
    // (the '#' ratio, 0.077, is within 0.1).
    return run(text, { min_words: 0 }).then((r) => expect(r["gopher_quality.first_failed_rule"]).toBe("max_ellipsis_word_ratio"));
  });

  it("matches stop words case-insensitively with edge punctuation stripped", () => {
    // (The)  to,  OF;  and-  → 4; "that's" and "haves" are not stop words.
    expect(gopherQualitySignals("(The) to, OF; and- that's haves").stop_words).toBe(4);
  });

  it("checks the rules in datatrove's order with editable thresholds", async () => {
    const long = "word ".repeat(60);
    // 60 words of length 4, no stop words.
    expect((await run(long))["gopher_quality.first_failed_rule"]).toBe("min_stop_words");
    expect((await run(long, { max_words: 59 }))["gopher_quality.first_failed_rule"]).toBe("max_words");
    expect((await run(long, { min_mean_word_length: 5 }))["gopher_quality.first_failed_rule"]).toBe("min_mean_word_length");
    expect((await run(long, { max_mean_word_length: 3 }))["gopher_quality.first_failed_rule"]).toBe("max_mean_word_length");
    expect((await run(long, { min_stop_words: 0 }))["gopher_quality.pass"]).toBe(true);
    const hashes = "the and #tag ".repeat(20);
    // 60 words, 20 '#': 1/3 > 0.1.
    expect((await run(hashes))["gopher_quality.first_failed_rule"]).toBe("max_hash_word_ratio");
    const bullets = "- the and of to with that\n".repeat(20);
    // Every line is a bullet: 1 > 0.9. Tokens "-" are not words: 6 × 20 = 120 words.
    const b = await run(bullets);
    expect(b["gopher_quality.word_count"]).toBe(120);
    expect(b["gopher_quality.first_failed_rule"]).toBe("max_bullet_lines_ratio");
    // With only "•" as a bullet the same text passes: the 20 "-" tokens are 20/140 = 0.14 ≤ 0.2 of tokens.
    expect((await run(bullets, { bullets: "•" }))["gopher_quality.pass"]).toBe(true);
    // 12 tokens per repeat, 10 of them numbers (5 digits): 10/12 tokens without a letter > 0.2;
    // mean word length (3 + 3 + 10 × 5) / 12 = 4.67 is fine.
    const numbers = "the and 12345 23456 34567 45678 56789 67890 78901 89012 90123 11111 ".repeat(5);
    const nr = await run(numbers);
    expect(nr["gopher_quality.non_alpha_words_ratio"]).toBeCloseTo(10 / 12, 12);
    expect(nr["gopher_quality.first_failed_rule"]).toBe("max_non_alpha_words_ratio");
  });

  it("passes natural prose from the Brown corpus", async () => {
    const docs = brownDocs().slice(0, 20);
    const rows = await gopherQualityAnnotator.annotate(docs, gopherQualityAnnotator.configSchema.parse({}));
    expect(rows.every((r) => r["gopher_quality.pass"] === true)).toBe(true);
  });

  it("handles empty, CJK and \\r\\n text", () => {
    const empty = gopherQualitySignals("");
    expect(empty).toEqual({ word_count: 0, mean_word_length: 0, hash_word_ratio: 0, ellipsis_word_ratio: 0, bullet_lines_ratio: 0, ellipsis_lines_ratio: 0, non_alpha_words_ratio: 0, stop_words: 0 });
    // CJK without spaces: one token of 7 characters.
    const cjk = gopherQualitySignals("今天天气很好。");
    expect(cjk.word_count).toBe(1);
    expect(cjk.mean_word_length).toBe(7);
    // "\r" is whitespace: lines end with "..." once stripped.
    expect(gopherQualitySignals("one...\r\ntwo...\r\n").ellipsis_lines_ratio).toBe(1);
  });
});
