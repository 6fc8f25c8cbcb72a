/**
 * The ProX program language (seeds.md §2.1): one function call per line.
 *
 *   drop_doc()                                     delete the document
 *   keep_doc()                                     keep it (no-op)
 *   skip_chunk()                                   keep the chunk as it is (no-op)
 *   remove_lines(line_start=3, line_end=7)         delete lines 3..7 (0-based, inclusive)
 *   remove_lines(all=True)                         delete every line
 *   normalize(source_str="a", target_str="b")      replace every "a" by "b" in the whole text
 *   normalize(source_str="a")                      delete every "a"
 *
 * Lines are parsed by a small tokenizer with Python call syntax: positional or keyword arguments,
 * integers, `True`/`False`, and Python string literals ('…' or "…", with \\ \" \' \n \r \t \xHH
 * \uHHHH \UHHHHHHHH escapes; an unknown escape keeps its backslash, as in Python). Nothing is ever
 * evaluated. Blank lines are skipped; any other line that is not a valid call of a known function
 * becomes a `TProgramError` (counted by the executor) and is not run.
 *
 * Static checks: line numbers are integers ≥ 0 with line_start ≤ line_end; a normalize source is
 * not "" or " " (ProX skips those silently; here they are errors); and a normalize may not change
 * the number of line breaks ("\n" count of source ≠ target), because line numbers must keep
 * meaning what they meant when the program was written (see docs/architecture.md, quirks).
 */

export type TOp =
  | { fn: "drop_doc" }
  | { fn: "keep_doc" }
  | { fn: "skip_chunk" }
  | { fn: "remove_lines"; start: number; end: number }
  | { fn: "remove_all_lines" }
  | { fn: "normalize"; source: string; target: string };

/** An op with the program line it came from (1-based) and the source that wrote it (`lm`, a rule id). */
export type TParsedOp = TOp & { line: number; origin: string };

export type TProgramError = { line: number; origin: string; message: string };

export type TParsedProgram = { ops: TParsedOp[]; errors: TProgramError[] };

export type TParseOptions = { origin?: string; /** added to every line number (for programs joined from parts) */ lineOffset?: number };

type TValue = { kind: "int"; value: number } | { kind: "str"; value: string } | { kind: "bool"; value: boolean };
type TArg = { name: string | null; value: TValue };

class SyntaxErr extends Error {}

const isIdentStart = (c: string) => /[A-Za-z_]/.test(c);
const isIdentChar = (c: string) => /[A-Za-z0-9_]/.test(c);
const isSpace = (c: string) => c === " " || c === "\t" || c === "\r" || c === "\f" || c === "\v";

const SIMPLE_ESCAPES: Record<string, string> = { "\\": "\\", "'": "'", '"': '"', n: "\n", r: "\r", t: "\t", a: "\x07", b: "\b", f: "\f", v: "\v", "0": "\0" };
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/** A tokenizer over one program line: identifiers, punctuation, integers, string literals. */
class Cursor {
  i = 0;
  constructor(readonly s: string) {}
  skipSpace() {
    while (this.i < this.s.length && isSpace(this.s[this.i])) this.i++;
  }
  peek(): string {
    this.skipSpace();
    return this.s[this.i] ?? "";
  }
  atEnd(): boolean {
    return this.peek() === "";
  }
  expect(ch: string, what: string) {
    if (this.peek() !== ch) throw new SyntaxErr(`expected ${what} at column ${this.i + 1}${this.atEnd() ? " (end of line)" : `, found "${this.s[this.i]}"`}`);
    this.i++;
  }
  ident(): string {
    this.skipSpace();
    const start = this.i;
    if (!isIdentStart(this.s[this.i] ?? "")) throw new SyntaxErr(`expected a name at column ${this.i + 1}`);
    while (this.i < this.s.length && isIdentChar(this.s[this.i])) this.i++;
    return this.s.slice(start, this.i);
  }
  value(): TValue {
    const c = this.peek();
    if (c === '"' || c === "'") return { kind: "str", value: this.string(c) };
    if (/[0-9+-]/.test(c)) {
      const m = /^[+-]?[0-9]+(?![A-Za-z0-9_.])/.exec(this.s.slice(this.i));
      if (!m) throw new SyntaxErr(`expected an integer at column ${this.i + 1}`);
      this.i += m[0].length;
      return { kind: "int", value: Number(m[0]) };
    }
    if (isIdentStart(c)) {
      const start = this.i;
      const name = this.ident();
      if (name === "True" || name === "False") return { kind: "bool", value: name === "True" };
      throw new SyntaxErr(`unexpected name "${name}" at column ${start + 1} (values are integers, strings, True or False)`);
    }
    throw new SyntaxErr(`expected a value at column ${this.i + 1}${c ? `, found "${c}"` : " (end of line)"}`);
  }
  private string(quote: string): string {
    const start = this.i;
    this.i++;
    let out = "";
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === quote) {
        this.i++;
        return out;
      }
      if (c !== "\\") {
        out += c;
        this.i++;
        continue;
      }
      const e = this.s[this.i + 1];
      if (e === undefined) break;
      if (e in SIMPLE_ESCAPES) {
        out += SIMPLE_ESCAPES[e];
        this.i += 2;
      } else if (e in HEX_ESCAPES) {
        const n = HEX_ESCAPES[e];
        const hex = this.s.slice(this.i + 2, this.i + 2 + n);
        if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) throw new SyntaxErr(`bad \\${e} escape at column ${this.i + 1}`);
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) throw new SyntaxErr(`escape \\${e}${hex} is not a Unicode code point`);
        out += String.fromCodePoint(cp);
        this.i += 2 + n;
      } else {
        // Python keeps an unknown escape as written.
        out += `\\${e}`;
        this.i += 2;
      }
    }
    throw new SyntaxErr(`string starting at column ${start + 1} is not closed`);
  }
}

const SIGNATURES: Record<string, string[]> = {
  drop_doc: [],
  keep_doc: [],
  skip_chunk: [],
  remove_lines: ["line_start", "line_end"],
  normalize: ["source_str", "target_str"],
};

export const PROGRAM_FUNCTIONS = Object.keys(SIGNATURES);

/** Parses `name(args)` with nothing after the closing parenthesis. */
const parseCall = (line: string): { name: string; args: TArg[] } => {
  const cur = new Cursor(line);
  const name = cur.ident();
  if (cur.peek() === "(" && !(name in SIGNATURES)) throw new SyntaxErr(`unknown function "${name}" (known: ${PROGRAM_FUNCTIONS.map((f) => `${f}()`).join(", ")})`);
  cur.expect("(", '"("');
  const args: TArg[] = [];
  if (cur.peek() !== ")") {
    for (;;) {
      // `ident =` is a keyword argument; anything else a positional value.
      const save = cur.i;
      let argName: string | null = null;
      if (isIdentStart(cur.peek())) {
        const id = cur.ident();
        if (cur.peek() === "=") {
          cur.i++;
          argName = id;
        } else cur.i = save;
      }
      args.push({ name: argName, value: cur.value() });
      if (cur.peek() === ",") {
        cur.i++;
        if (cur.peek() === ")") break;
        continue;
      }
      break;
    }
  }
  cur.expect(")", '"," or ")"');
  if (!cur.atEnd()) throw new SyntaxErr(`unexpected "${line.slice(cur.i).trim()}" after the call`);
  return { name, args };
};

const describe = (v: TValue) => (v.kind === "str" ? "a string" : v.kind === "int" ? "an integer" : "a boolean");

/** Binds positional and keyword arguments to parameter names, Python style. */
const bind = (name: string, args: TArg[], params: string[]): Map<string, TValue> => {
  const out = new Map<string, TValue>();
  let seenKeyword = false;
  args.forEach((a, i) => {
    if (a.name === null) {
      if (seenKeyword) throw new SyntaxErr("a positional argument follows a keyword argument");
      if (i >= params.length) throw new SyntaxErr(`${name}() takes ${params.length} argument${params.length === 1 ? "" : "s"}, got ${args.length}`);
      out.set(params[i], a.value);
    } else {
      seenKeyword = true;
      if (!params.includes(a.name)) throw new SyntaxErr(`${name}() has no argument "${a.name}"${params.length ? ` (arguments: ${params.join(", ")})` : ""}`);
      if (out.has(a.name)) throw new SyntaxErr(`${name}() got "${a.name}" twice`);
      out.set(a.name, a.value);
    }
  });
  return out;
};

const intArg = (fn: string, args: Map<string, TValue>, key: string): number => {
  const v = args.get(key);
  if (!v) throw new SyntaxErr(`${fn}() needs ${key}`);
  if (v.kind !== "int") throw new SyntaxErr(`${fn}(): ${key} must be an integer, got ${describe(v)}`);
  if (!Number.isSafeInteger(v.value) || v.value < 0) throw new SyntaxErr(`${fn}(): ${key} must be a line number ≥ 0, got ${v.value}`);
  return v.value;
};

const strArg = (fn: string, args: Map<string, TValue>, key: string): string | undefined => {
  const v = args.get(key);
  if (v === undefined) return undefined;
  if (v.kind !== "str") throw new SyntaxErr(`${fn}(): ${key} must be a string, got ${describe(v)}`);
  return v.value;
};

const countNewlines = (s: string): number => {
  let n = 0;
  for (let i = s.indexOf("\n"); i !== -1; i = s.indexOf("\n", i + 1)) n++;
  return n;
};

/** One statement to an op; throws `SyntaxErr` with a message for the user. */
const toOp = (line: string): TOp => {
  const { name, args } = parseCall(line);
  if (name === "remove_lines" && args.some((a) => a.name === "all")) {
    const all = args.find((a) => a.name === "all")!.value;
    if (args.length !== 1) throw new SyntaxErr("remove_lines(all=True) takes no other argument");
    if (all.kind !== "bool" || !all.value) throw new SyntaxErr("remove_lines(all=…) must be all=True");
    return { fn: "remove_all_lines" };
  }
  const bound = bind(name, args, SIGNATURES[name]);
  if (name === "drop_doc" || name === "keep_doc" || name === "skip_chunk") return { fn: name };
  if (name === "remove_lines") {
    const start = intArg(name, bound, "line_start");
    const end = intArg(name, bound, "line_end");
    if (start > end) throw new SyntaxErr(`remove_lines(): line_start ${start} is after line_end ${end}`);
    return { fn: "remove_lines", start, end };
  }
  const source = strArg(name, bound, "source_str");
  if (source === undefined) throw new SyntaxErr("normalize() needs source_str");
  const target = strArg(name, bound, "target_str") ?? "";
  if (source === "" || source === " ") throw new SyntaxErr(`normalize(): source_str ${JSON.stringify(source)} is too broad (it must not be "" or " ")`);
  if (countNewlines(source) !== countNewlines(target)) {
    throw new SyntaxErr("normalize(): source_str and target_str must contain the same number of line breaks (line numbers would shift)");
  }
  return { fn: "normalize", source, target };
};

/** Longest statement echoed back in an error message. */
const ECHO_MAX = 80;
const echo = (s: string) => (s.length > ECHO_MAX ? `${s.slice(0, ECHO_MAX)}…` : s);

/** Parses a program: every valid line becomes an op, every other non-blank line an error. Never throws. */
export const parseProgram = (program: string, opts: TParseOptions = {}): TParsedProgram => {
  const origin = opts.origin ?? "program";
  const offset = opts.lineOffset ?? 0;
  const ops: TParsedOp[] = [];
  const errors: TProgramError[] = [];
  if (program === "") return { ops, errors };
  const lines = program.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const stmt = raw.trim();
    if (stmt === "") continue;
    const line = offset + i + 1;
    try {
      ops.push({ ...toOp(stmt), line, origin });
    } catch (e) {
      if (!(e instanceof SyntaxErr)) throw e;
      errors.push({ line, origin, message: `line ${line} \`${echo(stmt)}\`: ${e.message}` });
    }
  }
  return { ops, errors };
};

/** Number of lines a program text spans (for joining parts). */
export const programLineCount = (program: string): number => (program === "" ? 0 : countNewlines(program) + 1);

/**
 * Parses program parts written by different sources into one program whose text is the parts
 * joined with "\n" (empty parts skipped); ops and errors keep their source as `origin`.
 */
export const parseProgramParts = (parts: { origin: string; program: string }[]): { text: string; parsed: TParsedProgram } => {
  const kept = parts.filter((p) => p.program !== "");
  const parsed: TParsedProgram = { ops: [], errors: [] };
  let offset = 0;
  for (const p of kept) {
    const one = parseProgram(p.program, { origin: p.origin, lineOffset: offset });
    parsed.ops.push(...one.ops);
    parsed.errors.push(...one.errors);
    offset += programLineCount(p.program);
  }
  return { text: kept.map((p) => p.program).join("\n"), parsed };
};

/** A string as a program literal that `parseProgram` reads back exactly (invisible characters escaped). */
export const programString = (s: string): string => {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp <= 0xa0) || cp === 0xad || (ch !== " " && /[\p{Z}\p{Cf}]/u.test(ch))) {
      out += cp <= 0xffff ? `\\u${cp.toString(16).padStart(4, "0")}` : `\\U${cp.toString(16).padStart(8, "0")}`;
    } else out += ch;
  }
  return `${out}"`;
};
