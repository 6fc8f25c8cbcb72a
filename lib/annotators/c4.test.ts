import { describe, expect, it } from "vitest";
import { c4Annotator, c4FlaggedLines, c4Lines, resolveC4 } from "@/lib/annotators/c4";
import { brownDocs } from "@/lib/demo/brown";

// `c4Lines` is the line engine the c4_lines refinement rule uses (Winnow's former c4 definitions);
// the annotator's default preset is now `datatrove` (min_sentences 5, spaCy sentences).
const config = { ...resolveC4(c4Annotator.configSchema.parse({})), min_sentences: 3 };
const run = async (text: string, cfg: Record<string, unknown> = {}) => (await c4Annotator.annotate([{ id: "d", text }], c4Annotator.configSchema.parse(cfg)))[0];

describe("c4", () => {
  const text = [
    /* 0 */ "This is a proper sentence.", // kept, 1 sentence (26 chars)
    /* 1 */ "no punctuation here", // no terminal punctuation (19)
    /* 2 */ "Too short.", // 2 words < 3 (10)
    /* 3 */ "Please enable javascript to view this page.", // javascript (43)
    /* 4 */ "Read our privacy policy for details.", // policy (36)
    /* 5 */ "Another good sentence here! And one more?", // kept, 2 sentences (41)
    /* 6 */ "", // blank: skipped
    /* 7 */ "A citation at the end.[1]", // citation removed → ends with "." → kept, 1 sentence (25)
    /* 8 */ "Wait for it...", // ends with "..." → no terminal punctuation (14)
    /* 9 */ "We use cookies to improve things.", // policy ("use cookies") (33)
    /* 10 */ 'He said "stop it now"', // ends with '"' → kept, no . ! ? → 1 sentence (21)
  ].join("\n");

  it("removes lines by rule and counts sentences in kept lines, by hand", async () => {
    const res = c4Lines(text, config);
    expect(res.flagged).toEqual([
      { line: 1, rule: "no_terminal_punctuation" },
      { line: 2, rule: "too_few_words" },
      { line: 3, rule: "javascript" },
      { line: 4, rule: "policy" },
      { line: 8, rule: "no_terminal_punctuation" },
      { line: 9, rule: "policy" },
    ]);
    expect(c4FlaggedLines(text)).toEqual(res.flagged);
    expect(c4Annotator.flagLines!(text, config)).toEqual(res.flagged);
    const r = await run(text);
    // 10 non-blank lines; kept 0, 5, 7, 10; removed 6.
    expect(r["c4.lines"]).toBe(10);
    expect(r["c4.lines_kept"]).toBe(4);
    expect(r["c4.lines_removed"]).toBe(6);
    expect(r["c4.lines_removed_frac"]).toBeCloseTo(0.6, 12);
    // Kept characters 26 + 41 + 25 + 21 = 113 of 26+19+10+43+36+41+25+14+33+21 = 268.
    expect(r["c4.chars_kept_frac"]).toBeCloseTo(113 / 268, 12);
    expect(r["c4.removed_no_terminal_punctuation"]).toBe(2);
    expect(r["c4.removed_too_few_words"]).toBe(1);
    expect(r["c4.removed_javascript"]).toBe(1);
    expect(r["c4.removed_policy"]).toBe(2);
    expect(r["c4.removed_too_long_word"]).toBe(0);
    // Sentences: 1 + 2 + 1 + 1 = 5 ≥ 3.
    expect(r["c4.sentences"]).toBe(5);
    expect(r["c4.has_lorem_ipsum"]).toBe(false);
    expect(r["c4.has_curly_bracket"]).toBe(false);
    expect(r["c4.pass"]).toBe(true);
    expect(r["c4.first_failed_rule"]).toBeNull();
  });

  it("fails lorem ipsum, curly brackets and too few sentences", async () => {
    const lorem = await run("Lorem ipsum dolor sit amet.\nA fine sentence is here.");
    expect(lorem["c4.has_lorem_ipsum"]).toBe(true);
    expect(lorem["c4.first_failed_rule"]).toBe("lorem_ipsum");
    expect(c4FlaggedLines("Lorem ipsum dolor sit amet.")).toEqual([{ line: 0, rule: "lorem_ipsum" }]);
    const curly = await run("One good sentence here.\nfunction f() { return 1; } is code.");
    expect(curly["c4.has_curly_bracket"]).toBe(true);
    expect(curly["c4.first_failed_rule"]).toBe("curly_bracket");
    // A "{" in a line already removed (no terminal punctuation) does not fail the document.
    const removedBrace = await run("if (x) {\nOne sentence. Two sentences. Three sentences.");
    expect(removedBrace["c4.has_curly_bracket"]).toBe(false);
    expect(removedBrace["c4.sentences"]).toBe(3);
    // datatrove's default needs 5 sentences (DCLM's c4.yaml: 3).
    expect(removedBrace["c4.first_failed_rule"]).toBe("min_sentences");
    expect((await run("if (x) {\nOne sentence. Two sentences. Three sentences.", { min_sentences: 3 }))["c4.pass"]).toBe(true);
    const one = await run("Only one sentence is here.");
    expect(one["c4.sentences"]).toBe(1);
    expect(one["c4.first_failed_rule"]).toBe("min_sentences");
    expect((await run("Only one sentence is here.", { min_sentences: 1 }))["c4.pass"]).toBe(true);
  });

  it("removes lines with an over-long word and honours switches", async () => {
    const long = `${"a".repeat(1001)} is a long word.\nSentence one. Sentence two. Sentence three.`;
    expect(c4Lines(long, config).flagged).toEqual([{ line: 0, rule: "too_long_word" }]);
    expect((await run(long, { max_word_length: 2000 }))["c4.lines_kept"]).toBe(2);
    expect((await run("no punctuation at all", { filter_no_terminal_punct: false }))["c4.lines_kept"]).toBe(1);
    expect((await run("We love JavaScript a lot.", { filter_javascript: false }))["c4.lines_kept"]).toBe(1);
  });

  it("handles \\r\\n, empty and CJK text", async () => {
    const crlf = await run("First sentence is here.\r\nSecond one is here.\r\nThird one is here.");
    expect(crlf["c4.lines_kept"]).toBe(3);
    expect(crlf["c4.sentences"]).toBe(3);
    expect((await run("First sentence is here.\r\nSecond one is here.\r\nThird one is here.", { min_sentences: 3 }))["c4.pass"]).toBe(true);
    const empty = await run("");
    expect(empty["c4.lines"]).toBe(0);
    expect(empty["c4.lines_removed_frac"]).toBe(0);
    expect(empty["c4.first_failed_rule"]).toBe("min_sentences");
    // "。" is not C4 terminal punctuation (. ? ! " '); with "." the line is one word, too few.
    expect((await run("今天天气很好。"))["c4.removed_no_terminal_punctuation"]).toBe(1);
    expect((await run("今天天气很好."))["c4.removed_too_few_words"]).toBe(1);
  });

  it("keeps most lines of natural prose", async () => {
    const r = await run(brownDocs()[0].text);
    expect(r["c4.pass"]).toBe(true);
    expect(r["c4.lines_removed_frac"] as number).toBeLessThan(0.2);
  });
});

describe("c4 presets", () => {
  it("datatrove splits sentences with spaCy's sentencizer, fineweb with Punkt (abbreviations)", async () => {
    const line = "Mr. Smith works at Acme Inc. in town. He is happy here.";
    // spaCy: "." after "Mr." is part of the token, so only real sentence ends count → 2 … but
    // "Inc." then "in" (lower case) does not start a sentence either.
    const dt = await run(line);
    const v03 = await run(line, { preset: "fineweb" });
    expect(dt["c4.sentences"]).toBe(2);
    expect(v03["c4.sentences"]).toBe(2);
    expect((await run("One. Two. Three. Four. Five words here.", { preset: "fineweb" }))["c4.sentences"]).toBe(5);
  });

  it("dclm runs c4.yaml as a page pipeline", async () => {
    const ok = "This line has five words.\nAnother line with five words.\nA third line, five words.";
    expect((await run(ok, { preset: "dclm" }))["c4.first_failed_rule"]).toBeNull();
    // Lines under 5 words go; when nothing is left the page fails with the step that emptied it.
    expect((await run("Too short.\nAlso short.", { preset: "dclm" }))["c4.first_failed_rule"]).toBe("emptied_by_too_few_words");
    expect((await run("", { preset: "dclm" }))["c4.first_failed_rule"]).toBe("page_chars");
    // Repeated lines are dropped before the second sentence count.
    const dup = "This line has five words.\nThis line has five words.\nThis line has five words.";
    expect((await run(dup, { preset: "dclm" }))["c4.first_failed_rule"]).toBe("min_sentences_after_dedup");
  });
});
