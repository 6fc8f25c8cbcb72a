import { describe, expect, it } from "vitest";
import { applyNormalizations, executeProgram, mergeIntervals, PROX_ACCEPTANCE, type TAcceptance } from "@/lib/refine/execute-program";
import { parseProgram, parseProgramParts } from "@/lib/refine/parse-program";

const NO_ACCEPTANCE = { acceptance: null };
const run = (text: string, program: string, acceptance: TAcceptance | null = null) => executeProgram(text, parseProgram(program), { acceptance });

/** n distinct words, one line. */
const words = (n: number, prefix = "w") => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(" ");

type TCase = { name: string; text: string; program: string; out: string | null; linesRemoved: number; charsRemoved: number; errors?: number };

// Expected values worked out by hand from the rules in seeds.md §2.3 (no acceptance rule here).
const CASES: TCase[] = [
  { name: "empty document, skip_chunk()", text: "", program: "skip_chunk()", out: "", linesRemoved: 0, charsRemoved: 0 },
  { name: "empty document, remove its only (empty) line", text: "", program: "remove_lines(line_start=0, line_end=0)", out: "", linesRemoved: 1, charsRemoved: 0 },
  { name: "empty program keeps the text", text: "a\nb", program: "", out: "a\nb", linesRemoved: 0, charsRemoved: 0 },
  { name: "keep_doc()", text: "a\nb", program: "keep_doc()", out: "a\nb", linesRemoved: 0, charsRemoved: 0 },
  { name: "drop_doc()", text: "a\nb", program: "keep_doc()\ndrop_doc()", out: null, linesRemoved: 2, charsRemoved: 3 },
  { name: "remove a middle line", text: "a\nbb\nc", program: "remove_lines(line_start=1, line_end=1)", out: "a\nc", linesRemoved: 1, charsRemoved: 3 },
  { name: "remove the first line", text: "a\nbb\nc", program: "remove_lines(0, 0)", out: "bb\nc", linesRemoved: 1, charsRemoved: 2 },
  { name: "last line without a newline", text: "a\nb", program: "remove_lines(line_start=1, line_end=1)", out: "a", linesRemoved: 1, charsRemoved: 2 },
  { name: "trailing newline: the last line is empty", text: "a\nb\n", program: "remove_lines(line_start=2, line_end=2)", out: "a\nb", linesRemoved: 1, charsRemoved: 1 },
  { name: "inclusive range", text: "0\n1\n2\n3\n4", program: "remove_lines(line_start=1, line_end=3)", out: "0\n4", linesRemoved: 3, charsRemoved: 6 },
  { name: "overlapping ranges", text: "0\n1\n2\n3\n4\n5\n6", program: "remove_lines(1, 3)\nremove_lines(2, 5)", out: "0\n6", linesRemoved: 5, charsRemoved: 10 },
  { name: "the same line twice", text: "0\n1\n2", program: "remove_lines(1, 1)\nremove_lines(1, 1)", out: "0\n2", linesRemoved: 1, charsRemoved: 2 },
  { name: "remove_lines(all=True)", text: "a\nb\nc", program: "remove_lines(all=True)", out: "", linesRemoved: 3, charsRemoved: 5 },
  { name: "normalize replaces every occurrence", text: "x  y\nz  w  v", program: 'normalize(source_str="  ", target_str=" ")', out: "x y\nz w v", linesRemoved: 0, charsRemoved: 3 },
  { name: "normalize with one argument deletes", text: "Click here to read. Click here", program: 'normalize(source_str="Click here")', out: " to read. ", linesRemoved: 0, charsRemoved: 20 },
  {
    name: "normalize applies to the whole text at once, before removals",
    text: "foo\nbar foo\nfoo",
    program: 'remove_lines(0, 0)\nnormalize(source_str="foo", target_str="baz")',
    out: "bar baz\nbaz",
    linesRemoved: 1,
    charsRemoved: 4,
  },
  { name: "normalizations apply in program order", text: "aaa", program: 'normalize(source_str="aa", target_str="b")\nnormalize(source_str="ba", target_str="c")', out: "c", linesRemoved: 0, charsRemoved: 2 },
  { name: "normalize that adds characters", text: "a&b", program: 'normalize(source_str="&", target_str=" and ")', out: "a and b", linesRemoved: 0, charsRemoved: -4 },
  {
    name: "unicode: lengths in code points",
    text: "café\n😀 smile\nend",
    program: "remove_lines(line_start=1, line_end=1)",
    out: "café\nend",
    linesRemoved: 1,
    charsRemoved: 8,
  },
  { name: "unicode normalize of an astral character", text: "a😀b😀", program: 'normalize(source_str="😀", target_str="-")', out: "a-b-", linesRemoved: 0, charsRemoved: 0 },
  { name: "CRLF: lines keep their \\r", text: "a\r\nb\r\nc", program: "remove_lines(0, 0)", out: "b\r\nc", linesRemoved: 1, charsRemoved: 3 },
  { name: "CRLF normalized to LF", text: "a\r\nb\r\n", program: 'normalize(source_str="\\r\\n", target_str="\\n")', out: "a\nb\n", linesRemoved: 0, charsRemoved: 2 },
  { name: "CRLF normalized and a line removed", text: "a\r\nb\r\nc", program: 'normalize(source_str="\\r\\n", target_str="\\n")\nremove_lines(1, 1)', out: "a\nc", linesRemoved: 1, charsRemoved: 4 },
  // Errors (no acceptance rule: any error leaves the document unchanged).
  { name: "range past the end", text: "a\nb\nc", program: "remove_lines(line_start=5, line_end=6)", out: "a\nb\nc", linesRemoved: 0, charsRemoved: 0, errors: 1 },
  { name: "range ending past the end", text: "a\nb\nc", program: "remove_lines(line_start=2, line_end=9)", out: "a\nb\nc", linesRemoved: 0, charsRemoved: 0, errors: 1 },
  { name: "unknown function", text: "a\nb", program: "remove_lines(0, 0)\nsummarize()", out: "a\nb", linesRemoved: 0, charsRemoved: 0, errors: 1 },
  { name: "normalize source that does not occur", text: "a\nb", program: 'normalize(source_str="zzz", target_str="y")', out: "a\nb", linesRemoved: 0, charsRemoved: 0, errors: 1 },
  { name: "drop_doc() wins over errors", text: "a", program: "nonsense\ndrop_doc()", out: null, linesRemoved: 1, charsRemoved: 1, errors: 1 },
];

describe("executeProgram on small documents", () => {
  it.each(CASES)("$name", ({ text, program, out, linesRemoved, charsRemoved, errors = 0 }) => {
    const r = run(text, program);
    expect(r.text).toBe(out);
    expect(r.dropped).toBe(out === null);
    expect(r.linesRemoved).toBe(linesRemoved);
    expect(r.charsRemoved).toBe(charsRemoved);
    expect(r.errors).toHaveLength(errors);
    expect(r.applied).toBe(errors === 0 || out === null);
    expect(r.changed).toBe(out !== text);
  });

  it("reports removed line indices and normalizations for the diff", () => {
    const r = run("a\nb  c\nd\ne", 'remove_lines(0, 0)\nremove_lines(2, 2)\nnormalize(source_str="  ", target_str=" ")');
    expect(r.removedLines).toEqual([0, 2]);
    expect(r.normalizations).toEqual([{ source: "  ", target: " ", count: 1, origin: "program" }]);
    expect(r.text).toBe("b c\ne");
  });

  it("names the error: line, range and line count", () => {
    expect(run("a\nb\nc", "remove_lines(line_start=5, line_end=6)").errors[0].message).toBe("line 1: remove_lines 5–6 is past the end: the document has 3 lines (0–2)");
    expect(run("a\nb\nc", "keep_doc()\nremove_lines(line_start=2, line_end=9)").errors[0].message).toBe("line 2: remove_lines 2–9 clipped at the last line, 2");
    expect(run("a", 'normalize(source_str="q")').errors[0].message).toBe('line 1: normalize source "q" does not occur in the text');
  });

  it("counts one error per merged out-of-range interval, as ProX does", () => {
    // 4–6 and 5–9 merge into 4–9: one error, not two.
    expect(run("0\n1\n2", "remove_lines(4, 6)\nremove_lines(5, 9)").errors).toHaveLength(1);
    // 1–1 and 4–6 do not merge (only 4–6 is out of range); 1–2 and 3–5 merge (adjacent) into 1–5.
    expect(run("0\n1\n2", "remove_lines(1, 1)\nremove_lines(4, 6)").errors).toHaveLength(1);
    expect(mergeIntervals([{ start: 3, end: 5, origin: "b" }, { start: 1, end: 2, origin: "a" }])).toEqual([{ start: 1, end: 5, origin: "b" }]);
    expect(mergeIntervals([{ start: 1, end: 9, origin: "a" }, { start: 2, end: 3, origin: "b" }])).toEqual([{ start: 1, end: 9, origin: "a" }]);
  });
});

describe("the acceptance rule of execute_meta_operations (ProX defaults)", () => {
  const doc = [words(20, "a"), words(20, "b"), words(20, "c"), words(20, "d"), words(20, "e")].join("\n"); // 100 words, 5 lines

  it("keeps a refined text that lost less than 95 % of the words", () => {
    const r = run(doc, "remove_lines(0, 2)", PROX_ACCEPTANCE);
    expect(r.text).toBe([words(20, "d"), words(20, "e")].join("\n"));
    expect(r.dropReason).toBeNull();
  });

  it("drops a document left with ≤ 5 % of its words (r ≤ 1 − 0.95)", () => {
    const text = `${words(95, "a")}\nw0 w1 w2 w3 w4`; // 100 words; keeping the last line keeps 5 → r = 0.05
    const r = run(text, "remove_lines(0, 0)", PROX_ACCEPTANCE);
    expect(r).toMatchObject({ dropped: true, dropReason: "low_ratio", droppedBy: "acceptance", text: null });
  });

  it("drops a refined text of ≤ 10 words, even with nothing removed", () => {
    expect(run(`${words(11)}\n${words(10, "x")}`, "remove_lines(0, 0)", PROX_ACCEPTANCE)).toMatchObject({ dropped: true, dropReason: "short" });
    expect(run(words(10), "skip_chunk()", PROX_ACCEPTANCE)).toMatchObject({ dropped: true, dropReason: "short" });
    expect(run(words(11), "skip_chunk()", PROX_ACCEPTANCE)).toMatchObject({ dropped: false, text: words(11) });
    expect(run(words(10), "", { ...PROX_ACCEPTANCE, shortDocWords: null })).toMatchObject({ dropped: false, text: words(10) });
  });

  it("applies a program with one error (the bad op is skipped), ignores one with two", () => {
    const one = run(doc, "remove_lines(0, 0)\nremove_lines(line_start=7, line_end=8)", PROX_ACCEPTANCE);
    expect(one).toMatchObject({ applied: true, linesRemoved: 1 });
    expect(one.errors).toHaveLength(1);
    const two = run(doc, "remove_lines(0, 0)\nremove_lines(line_start=7, line_end=8)\nfrobnicate()", PROX_ACCEPTANCE);
    expect(two).toMatchObject({ applied: false, changed: false, text: doc, linesRemoved: 0, charsRemoved: 0 });
    expect(two.errors).toHaveLength(2);
  });

  it("does not drop for a low ratio when the program is ignored for its errors", () => {
    const r = run(doc, "remove_lines(all=True)\nbad()\nworse()", PROX_ACCEPTANCE);
    expect(r).toMatchObject({ dropped: false, applied: false, text: doc });
  });

  it("guards the division: a document without words has r = 1", () => {
    expect(run("   \n\t", "remove_lines(0, 0)", { ...PROX_ACCEPTANCE, shortDocWords: null })).toMatchObject({ dropped: false, text: "\t" });
    expect(run("", "skip_chunk()", PROX_ACCEPTANCE)).toMatchObject({ dropped: true, dropReason: "short" });
  });

  it("honours threshold1: a refined text below it gives back the original", () => {
    const r = run(doc, "remove_lines(0, 2)", { ...PROX_ACCEPTANCE, threshold1: 0.5 });
    expect(r).toMatchObject({ applied: false, text: doc });
  });
});

describe("sources", () => {
  it("attributes removed lines to the first source that removed them, and drops to the dropper", () => {
    const { parsed } = parseProgramParts([
      { origin: "lm", program: "remove_lines(0, 1)" },
      { origin: "email_headers", program: "remove_lines(1, 2)\nnormalize(source_str=\"  \", target_str=\" \")" },
    ]);
    const r = executeProgram("h1\nh2\nh3\nbody  text", parsed, NO_ACCEPTANCE);
    expect(r.text).toBe("body text");
    expect(r.byOrigin.lm).toMatchObject({ linesRemoved: 2, charsRemoved: 6, errors: 0 });
    expect(r.byOrigin.email_headers).toMatchObject({ linesRemoved: 1, charsRemoved: 4, normalizations: 1 });
    const d = executeProgram("x", parseProgramParts([{ origin: "lm", program: "keep_doc()" }, { origin: "drop_failing", program: "drop_doc()" }]).parsed, NO_ACCEPTANCE);
    expect(d).toMatchObject({ dropped: true, droppedBy: "drop_failing" });
    expect(d.byOrigin.drop_failing.dropped).toBe(true);
  });

  it("applyNormalizations shows later sources the text after earlier normalizations", () => {
    expect(applyNormalizations("a\u00a0b", parseProgram('normalize(source_str="\\u00a0", target_str=" ")\nremove_lines(0, 0)'))).toBe("a b");
  });

  it("is deterministic", () => {
    const text = "From: x\nSubject: y\n\nHello  world.\n> quoted\n-- \nsig";
    const p = parseProgram('remove_lines(0, 2)\nremove_lines(4, 4)\nnormalize(source_str="  ", target_str=" ")');
    expect(executeProgram(text, p, { acceptance: PROX_ACCEPTANCE })).toEqual(executeProgram(text, p, { acceptance: PROX_ACCEPTANCE }));
  });
});
