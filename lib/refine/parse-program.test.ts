import { describe, expect, it } from "vitest";
import { parseProgram, parseProgramParts, programString, type TOp } from "@/lib/refine/parse-program";

const ops = (program: string): TOp[] => {
  const p = parseProgram(program);
  expect(p.errors).toEqual([]);
  return p.ops.map(({ line: _line, origin: _origin, ...op }) => op as TOp);
};

const firstError = (program: string): string => {
  const p = parseProgram(program);
  expect(p.ops).toEqual([]);
  expect(p.errors).toHaveLength(1);
  return p.errors[0].message;
};

describe("parseProgram accepts the ProX functions", () => {
  it.each<[string, TOp]>([
    ["drop_doc()", { fn: "drop_doc" }],
    ["keep_doc()", { fn: "keep_doc" }],
    ["skip_chunk()", { fn: "skip_chunk" }],
    ["  drop_doc( )  ", { fn: "drop_doc" }],
    ["remove_lines(line_start=3, line_end=7)", { fn: "remove_lines", start: 3, end: 7 }],
    ["remove_lines(line_start = 3 , line_end=7 ,)", { fn: "remove_lines", start: 3, end: 7 }],
    ["remove_lines(3, 7)", { fn: "remove_lines", start: 3, end: 7 }],
    ["remove_lines(3, line_end=3)", { fn: "remove_lines", start: 3, end: 3 }],
    ["remove_lines(line_end=9, line_start=0)", { fn: "remove_lines", start: 0, end: 9 }],
    ["remove_lines(line_start=0012, line_end=+13)", { fn: "remove_lines", start: 12, end: 13 }],
    ["remove_lines(all=True)", { fn: "remove_all_lines" }],
    ['normalize(source_str="Click here", target_str="")', { fn: "normalize", source: "Click here", target: "" }],
    ['normalize(source_str="Click here")', { fn: "normalize", source: "Click here", target: "" }],
    ["normalize('a', 'b')", { fn: "normalize", source: "a", target: "b" }],
    // What ProX's split(",") / split("=") / first-")" parsing truncates or ignores:
    ['normalize(source_str="a, b) = c", target_str="x=(y)")', { fn: "normalize", source: "a, b) = c", target: "x=(y)" }],
    ['normalize(source_str="say \\"hi\\"", target_str=\'it\\\'s\')', { fn: "normalize", source: 'say "hi"', target: "it's" }],
    ['normalize(source_str="\\u00a0", target_str=" ")', { fn: "normalize", source: "\u00a0", target: " " }],
    ['normalize(source_str="\\x41\\U0001F600\\t", target_str="\\\\")', { fn: "normalize", source: "A\u{1F600}\t", target: "\\" }],
    ['normalize(source_str="C:\\d")', { fn: "normalize", source: "C:\\d", target: "" }],
    ['normalize(source_str="\\r\\n", target_str="\\n")', { fn: "normalize", source: "\r\n", target: "\n" }],
    ['normalize(source_str="日本 語", target_str="日本語")', { fn: "normalize", source: "日本 語", target: "日本語" }],
  ])("%s", (program, op) => {
    expect(ops(program)).toEqual([op]);
  });

  it("reads one statement per line, skips blank lines and numbers lines from 1", () => {
    const p = parseProgram("keep_doc()\n\n   \nremove_lines(line_start=0, line_end=1)\r\nskip_chunk()");
    expect(p.errors).toEqual([]);
    expect(p.ops.map((o) => [o.line, o.fn])).toEqual([
      [1, "keep_doc"],
      [4, "remove_lines"],
      [5, "skip_chunk"],
    ]);
    expect(parseProgram("")).toEqual({ ops: [], errors: [] });
  });
});

describe("parseProgram rejects anything else with a clear error", () => {
  it.each<[string, RegExp]>([
    ["eval('1')", /unknown function "eval"/],
    ["__import__('os').system('rm -rf /')", /unknown function "__import__"/],
    ["os.system('ls')", /expected "\(" at column 3, found "\."/],
    ["print", /expected "\("/],
    ["```python", /expected a name/],
    ["drop_doc() # comment", /unexpected "# comment" after the call/],
    ["drop_doc(); keep_doc()", /unexpected "; keep_doc\(\)"/],
    ["drop_doc(1)", /drop_doc\(\) takes 0 arguments, got 1/],
    ["keep_doc(reason='spam')", /keep_doc\(\) has no argument "reason"/],
    ["remove_lines(line_start=3)", /remove_lines\(\) needs line_end/],
    ["remove_lines()", /needs line_start/],
    ["remove_lines(1, 2, 3)", /takes 2 arguments, got 3/],
    ["remove_lines(line_start=1, line_start=2)", /got "line_start" twice/],
    ["remove_lines(line_start=1, 2)", /positional argument follows a keyword argument/],
    ["remove_lines(first=1, last=2)", /has no argument "first" \(arguments: line_start, line_end\)/],
    ['remove_lines(line_start="3", line_end=4)', /line_start must be an integer, got a string/],
    ["remove_lines(line_start=1.5, line_end=2)", /expected an integer/],
    ["remove_lines(line_start=-1, line_end=2)", /line_start must be a line number ≥ 0, got -1/],
    ["remove_lines(line_start=5, line_end=3)", /line_start 5 is after line_end 3/],
    ["remove_lines(line_start=x, line_end=3)", /unexpected name "x"/],
    ["remove_lines(all=False)", /must be all=True/],
    ["remove_lines(all=True, line_start=1)", /takes no other argument/],
    ["remove_lines(line_start=1, line_end=2", /expected "," or "\)" at column \d+ \(end of line\)/],
    ["normalize()", /normalize\(\) needs source_str/],
    ['normalize(target_str="x")', /needs source_str/],
    ["normalize(source_str=3)", /source_str must be a string, got an integer/],
    ['normalize(source_str="abc', /string starting at column 22 is not closed/],
    ['normalize(source_str="", target_str="x")', /too broad/],
    ['normalize(source_str=" ", target_str="x")', /too broad/],
    ['normalize(source_str="a\\nb", target_str="a b")', /same number of line breaks/],
    ['normalize(source_str="\\u00zz")', /bad \\u escape/],
    ['normalize(source_str="x", target_str="y", extra="z")', /has no argument "extra"/],
    ['normalize("a", "b", "c")', /takes 2 arguments, got 3/],
  ])("%s", (program, message) => {
    expect(firstError(program)).toMatch(message);
  });

  it("echoes the line number and the statement in each message, and keeps the valid lines", () => {
    const p = parseProgram("keep_doc()\nrm -rf /\nremove_lines(line_start=0, line_end=0)", { origin: "lm" });
    expect(p.ops.map((o) => o.fn)).toEqual(["keep_doc", "remove_lines"]);
    expect(p.errors).toEqual([{ line: 2, origin: "lm", message: 'line 2 `rm -rf /`: expected "(" at column 4, found "-"' }]);
  });
});

describe("program parts and literals", () => {
  it("joins parts with line numbers that match the joined text", () => {
    const { text, parsed } = parseProgramParts([
      { origin: "lm", program: "keep_doc()\nbogus" },
      { origin: "empty", program: "" },
      { origin: "rules", program: "remove_lines(line_start=1, line_end=2)" },
    ]);
    expect(text).toBe("keep_doc()\nbogus\nremove_lines(line_start=1, line_end=2)");
    expect(parsed.ops.map((o) => [o.line, o.origin, o.fn])).toEqual([
      [1, "lm", "keep_doc"],
      [3, "rules", "remove_lines"],
    ]);
    expect(parsed.errors.map((e) => [e.line, e.origin])).toEqual([[2, "lm"]]);
  });

  it.each(["plain", 'quote " and \\ backslash', "nbsp\u00a0zw\u200bsoft\u00adbom\ufeff", "tab\tcr\r", "emoji 😀 and 日本", "\u0007bell", "\u2028sep"])(
    "programString(%j) reads back exactly and shows invisible characters as escapes",
    (s) => {
      const literal = programString(s);
      expect(literal).not.toMatch(/[\u00a0\u200b\u00ad\ufeff\r\t\n\u2028\u0007]/);
      expect(ops(`normalize(source_str=${literal}, target_str="x")`)).toEqual([{ fn: "normalize", source: s, target: "x" }]);
    },
  );
});
