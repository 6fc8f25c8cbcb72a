import { describe, expect, it } from "vitest";
import { gopherQualityAnnotator, gopherQualitySignals } from "@/lib/annotators/gopher-quality";
import { brownDocs } from "@/lib/demo/brown";

// The default preset changed from Winnow's former mixed definitions (whitespace words,
// case-insensitive stop words) to `datatrove`; these cases are rewritten per preset, by hand.
const run = async (text: string, config: Record<string, unknown> = {}) =>
  (await gopherQualityAnnotator.annotate([{ id: "d", text }], gopherQualityAnnotator.configSchema.parse(config)))[0];

const filler = (n: number) => Array.from({ length: n }, (_, i) => `word${i % 7}x`).join(" ");

describe("gopher_quality, datatrove preset (the default)", () => {
  it("counts spaCy words: punctuation tokens are words, not non-symbol words", () => {
    // spaCy: The cat ( sat ) on the mat . → 9 words, 6 non-symbol words.
    const s = gopherQualitySignals("The cat (sat) on the mat.");
    expect(s.raw.words).toBe(9);
    expect(s.word_count).toBe(6);
    expect(s.mean_word_length).toBeCloseTo((3 + 3 + 3 + 2 + 3 + 3) / 6, 12);
    expect(s.non_alpha_words_ratio).toBeCloseTo(3 / 9, 12);
    // Stop words: distinct exact tokens ("the"; "The" does not count).
    expect(s.stop_words).toBe(1);
  });

  it("counts '#' and ellipses per word, bullet and ellipsis lines over splitlines()", () => {
    const s = gopherQualitySignals("- one ...\n• two…\n\nthree #tag");
    // Lines (splitlines): "- one ...", "• two…", "", "three #tag" = 4; bullets 2; ellipsis ends 2.
    expect(s.bullet_lines_ratio).toBe(0.5);
    expect(s.ellipsis_lines_ratio).toBe(0.5);
    expect(s.hash_word_ratio).toBeCloseTo(1 / s.raw.words, 12);
    expect(s.ellipsis_word_ratio).toBeCloseTo(2 / s.raw.words, 12);
  });

  it("checks the rules in datatrove's order with editable thresholds", async () => {
    expect((await run("too short"))["gopher_quality.first_failed_rule"]).toBe("min_words");
    const ok = `${filler(60)} the and of`;
    expect((await run(ok))["gopher_quality.first_failed_rule"]).toBeNull();
    expect((await run(`${filler(60)} the`))["gopher_quality.first_failed_rule"]).toBe("min_stop_words");
    expect((await run(`${filler(60)} the`, { min_stop_words: 1 }))["gopher_quality.first_failed_rule"]).toBeNull();
    expect((await run(ok, { min_words: 100 }))["gopher_quality.first_failed_rule"]).toBe("min_words");
  });

  it("fineweb preset (v0.3): NLTK words, every stop-word occurrence counts", () => {
    // NLTK: the , the , the . → stop words 3 (datatrove main counts "the" once).
    expect(gopherQualitySignals("the, the, the.", "fineweb").stop_words).toBe(3);
    expect(gopherQualitySignals("the, the, the.", "datatrove").stop_words).toBe(1);
    // NLTK keeps "can't" as ca + n't, like spaCy; "cannot" → can + not.
    expect(gopherQualitySignals("cannot", "fineweb").raw.words).toBe(2);
  });

  it("passes natural prose from the Brown corpus", async () => {
    const docs = brownDocs().slice(0, 20);
    for (const preset of ["datatrove", "fineweb", "dclm"]) {
      const rows = await gopherQualityAnnotator.annotate(docs, gopherQualityAnnotator.configSchema.parse({ preset }));
      expect(rows.every((r) => r["gopher_quality.pass"] === true), preset).toBe(true);
    }
  });

  it("handles empty text", async () => {
    expect((await run(""))["gopher_quality.first_failed_rule"]).toBe("min_words");
    expect(gopherQualitySignals("").word_count).toBe(0);
  });
});

describe("gopher_quality, dclm preset", () => {
  it("uses DCLM's page-filter definitions", () => {
    const s = gopherQualitySignals("The cat (sat) on THE mat... #1\n* item\n\n", "dclm");
    // fastText tokens starting with a letter or digit: The cat on THE mat... item (not "(sat)", "#1", "*").
    expect(s.word_count).toBe(6);
    // Whitespace tokens: The cat (sat) on THE mat... #1 * item = 9, 29 characters.
    expect(s.raw.words).toBe(9);
    expect(s.mean_word_length).toBeCloseTo(29 / 9, 12);
    // '#' and "..." together: 2 per 9 words.
    expect(s.hash_word_ratio).toBeCloseTo(2 / 9, 12);
    // Lines, stripped, blank ones dropped: 2; one starts with "*".
    expect(s.bullet_lines_ratio).toBe(0.5);
    // Stop words case-insensitively, as whitespace tokens: The, THE.
    expect(s.stop_words).toBe(2);
  });

  it("compares bullet counts with threshold × lines, as DCLM does", async () => {
    const text = Array.from({ length: 10 }, (_, i) => `${i < 9 ? "- " : ""}the and ${filler(6)}`).join("\n");
    // 9 bullet lines of 10: 9 > 0.9 × 10 is false → passes the bullet rule.
    expect((await run(text, { preset: "dclm" }))["gopher_quality.pass"]).toBe(true);
  });
});
