import { describe, expect, it } from "vitest";
import { finewebAnnotator, finewebSignals } from "@/lib/annotators/fineweb";
import { brownDocs } from "@/lib/demo/brown";

// The default preset is now `datatrove` (FineWeb-2 revision: non-blank lines, strict comparisons,
// datatrove's terminal punctuation); `fineweb` is datatrove v0.3 as FineWeb was built. Winnow's
// former definitions (v0.3 comparisons, an approximate word count, "\r\n" as "\n") are gone; these
// cases are rewritten per preset, by hand.
const run = async (text: string, config: Record<string, unknown> = {}) =>
  (await finewebAnnotator.annotate([{ id: "d", text }], finewebAnnotator.configSchema.parse(config)))[0];

describe("fineweb, fineweb preset (datatrove v0.3)", () => {
  const v03 = (text: string, c: Record<string, unknown> = {}) => run(text, { preset: "fineweb", ...c });

  it("computes its ratios by hand over every line", async () => {
    const r = await v03("Hello world.\nshort\nThis line is long enough to exceed thirty characters.");
    expect(r["fineweb.line_punct_ratio"]).toBeCloseTo(2 / 3, 12);
    expect(r["fineweb.short_line_ratio"]).toBeCloseTo(2 / 3, 12);
    expect(r["fineweb.char_dup_ratio"]).toBe(0);
    // NLTK words: Hello world . short This line is long enough to exceed thirty characters . = 14.
    expect(r["fineweb.newline_ratio"]).toBeCloseTo(2 / 14, 12);
    // short_line_ratio 2/3 ≥ 0.67 is false (0.666…): passes.
    expect(r["fineweb.first_failed_rule"]).toBeNull();
  });

  it("counts characters of repeated lines, the first occurrence excluded", async () => {
    const text = ["This sentence appears twice in the text.", "This sentence appears twice in the text.", "And this closing line is different from both."].join("\n");
    const r = await v03(text);
    expect(r["fineweb.char_dup_ratio"]).toBeCloseTo(40 / 125, 12);
    expect(r["fineweb.first_failed_rule"]).toBe("max_char_dup_ratio");
  });

  it("uses v0.3's non-strict comparisons and its five terminal characters", async () => {
    expect((await v03("one\ntwo\nthree\nfour"))["fineweb.first_failed_rule"]).toBe("min_line_punct_ratio");
    expect((await v03("one\ntwo\nthree\nfour", { exclude_zero_punct: true }))["fineweb.first_failed_rule"]).toBe("max_short_line_ratio");
    // Lines end with ". " (no stripping): not punctuated. "。" is not one of v0.3's . ' " ! ?
    expect((await v03("Hello there. \nAnother line. "))["fineweb.line_punct_ratio"]).toBe(0);
    expect((await v03("今天天气很好。"))["fineweb.line_punct_ratio"]).toBe(0);
    // A "\r" stays part of its line: "…here.\r" does not end in punctuation.
    expect((await v03("Sentence one is right here.\r\nSentence two is right here."))["fineweb.line_punct_ratio"]).toBe(0.5);
  });
});

describe("fineweb, datatrove preset (the default)", () => {
  it("ignores blank lines, including whitespace-only ones, for every ratio", async () => {
    // The bug of the former implementation: whitespace-only lines counted as non-blank for
    // char_dup_ratio (10 distinct sentences each followed by a line of two spaces: dropped; datatrove keeps).
    const text = Array.from({ length: 10 }, (_, i) => `This is distinct sentence number ${i} of the test.\n  `).join("\n");
    const r = await run(text);
    expect(r["fineweb.char_dup_ratio"]).toBe(0);
    expect(r["fineweb.line_punct_ratio"]).toBe(1);
    expect(r["fineweb.short_line_ratio"]).toBe(0);
    expect(r["fineweb.first_failed_rule"]).toBeNull();
    expect((await run(text, { preset: "fineweb" }))["fineweb.char_dup_ratio"]).toBe(0);
  });

  it("uses datatrove's terminal punctuation and strict comparisons", async () => {
    expect((await run("今天天气很好。"))["fineweb.line_punct_ratio"]).toBe(1);
    expect((await run("   \n \n"))["fineweb.first_failed_rule"]).toBe("empty");
    // 2 of 3 lines short: 0.666… > 0.67 is false.
    expect((await run("Hello world.\nshort.\nThis line is long enough to exceed thirty characters."))["fineweb.first_failed_rule"]).toBeNull();
  });

  it("lets thresholds override the preset", async () => {
    const text = "Hello world.\nshort.\nThis line is long enough to exceed thirty characters.";
    expect((await run(text, { max_short_line_ratio: 0.5 }))["fineweb.first_failed_rule"]).toBe("max_short_line_ratio");
    expect((await run(text, { short_line_length: 5 }))["fineweb.short_line_ratio"]).toBe(0);
  });

  it("passes natural prose", async () => {
    const rows = await finewebAnnotator.annotate(brownDocs().slice(0, 10), finewebAnnotator.configSchema.parse({}));
    expect(rows.filter((r) => r["fineweb.pass"]).length).toBeGreaterThanOrEqual(8);
    expect(finewebSignals("").lines).toBe(0);
  });
});
