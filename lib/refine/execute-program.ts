import { codePointLength, countWords, hasSurrogates } from "@/lib/annotators/text-utils";
import type { TParsedProgram, TProgramError } from "@/lib/refine/parse-program";

/**
 * The acceptance rule of ProX's `execute_meta_operations` (seeds.md §2.3), applied after the
 * edits of a chunk-level program. r = words(refined) / words(original) (Python `str.split()` words):
 *   r ≤ 1 − threshold2 and errors < errorOp    → drop the document
 *   words(result) ≤ shortDocWords              → drop the document (FineWeb-style rule)
 *   r ≥ threshold1 and errors < errorOp        → the refined text
 *   otherwise (too many errors)                → the original text (program ignored)
 * `shortDocWords: null` turns the short-document rule off.
 */
export type TAcceptance = { threshold1: number; threshold2: number; errorOp: number; shortDocWords: number | null };

/** ProX's defaults (`threshold_1=0.0`, `threshold_2=0.95`, `error_op=2`, the hard-coded 10 words). */
export const PROX_ACCEPTANCE: TAcceptance = { threshold1: 0, threshold2: 0.95, errorOp: 2, shortDocWords: 10 };

export type TDropReason = "drop_doc" | "low_ratio" | "short";

export type TNormalization = { source: string; target: string; count: number; origin: string };

/** What one source (a rule, the LM) did to the document. */
export type TOriginStats = { linesRemoved: number; charsRemoved: number; normalizations: number; errors: number; dropped: boolean };

export type TRefineOutcome = {
  /** The refined text; null when the document is dropped. */
  text: string | null;
  dropped: boolean;
  dropReason: TDropReason | null;
  /** The source whose drop_doc() dropped it ("acceptance" for the acceptance rule). */
  droppedBy: string | null;
  /** False when the program was ignored for its errors (the text is the original). */
  applied: boolean;
  /** The output differs from the input (dropped, or edited). */
  changed: boolean;
  /** Lines of the input that are not in the output (every line when dropped). */
  linesRemoved: number;
  /** Code points of the input minus code points of the output (all of them when dropped). */
  charsRemoved: number;
  /** 0-based indices of the removed lines (empty unless the edits were applied). */
  removedLines: number[];
  /** The source that removed each of `removedLines`. */
  removedBy: string[];
  normalizations: TNormalization[];
  errors: TProgramError[];
  byOrigin: Record<string, TOriginStats>;
};

export type TExecuteOptions = {
  /** The acceptance rule of the chunk stage, or null for a document-level program (errorOp = 1: any error ignores the program). */
  acceptance: TAcceptance | null;
};

type TInterval = { start: number; end: number; origin: string };

/** ProX `merge_intervals`: sorted by start, overlapping or adjacent ranges joined (the origin of the furthest end is kept). */
export const mergeIntervals = (intervals: TInterval[]): TInterval[] => {
  const sorted = [...intervals].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: TInterval[] = [];
  for (const cur of sorted) {
    const prev = merged[merged.length - 1];
    if (prev && cur.start <= prev.end + 1) {
      if (cur.end > prev.end) merged[merged.length - 1] = { start: prev.start, end: cur.end, origin: cur.origin };
    } else merged.push({ ...cur });
  }
  return merged;
};

const countOccurrences = (text: string, needle: string): number => {
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
};

const lineCount = (text: string): number => countOccurrences(text, "\n") + 1;

/** Code points (what n_chars counts); a native scan first, since most texts have no surrogate pairs. */
export const codePoints = (s: string): number => (hasSurrogates(s) ? codePointLength(s) : s.length);
const chars = codePoints;

const statsFor = (byOrigin: Record<string, TOriginStats>, origin: string): TOriginStats =>
  (byOrigin[origin] ??= { linesRemoved: 0, charsRemoved: 0, normalizations: 0, errors: 0, dropped: false });

/**
 * Applies a parsed program to a document, deterministically (seeds.md §2.3, `execute_operations`):
 * lines are `text.split("\n")` with 0-based global indices; `remove_lines` ranges are inclusive and
 * collected into a removal set; each `normalize` replaces every occurrence in the whole text at
 * once, in program order; after all ops the text is re-split and the removal set applied. The
 * merged ranges are then checked against the line count: a range starting past the end is one
 * error, one ending past it is one error (and clipped). A normalize whose source does not occur is
 * an error too (ProX does not count it). `drop_doc()` anywhere drops the document.
 */
export const executeProgram = (text: string, program: TParsedProgram, opts: TExecuteOptions): TRefineOutcome => {
  const errors: TProgramError[] = [...program.errors];
  const byOrigin: Record<string, TOriginStats> = {};
  for (const e of program.errors) statsFor(byOrigin, e.origin).errors++;
  const originalChars = chars(text);
  const nLines = lineCount(text);

  const dropper = program.ops.find((op) => op.fn === "drop_doc");
  if (dropper) {
    return dropped(text, nLines, originalChars, "drop_doc", dropper.origin, errors, byOrigin);
  }

  // Which source removes each line (the first one to ask for it); -1 = kept.
  const origins: string[] = [];
  const owner = new Int32Array(nLines).fill(-1);
  const ownerIdx = (origin: string) => {
    let i = origins.indexOf(origin);
    if (i < 0) i = origins.push(origin) - 1;
    return i;
  };
  const intervals: TInterval[] = [];
  const normalizations: TNormalization[] = [];
  let work = text;
  const fail = (line: number, origin: string, message: string) => {
    errors.push({ line, origin, message });
    statsFor(byOrigin, origin).errors++;
  };

  for (const op of program.ops) {
    if (op.fn === "remove_lines") {
      intervals.push({ start: op.start, end: op.end, origin: op.origin });
      const o = ownerIdx(op.origin);
      for (let i = op.start, last = Math.min(op.end, nLines - 1); i <= last; i++) if (owner[i] < 0) owner[i] = o;
    } else if (op.fn === "remove_all_lines") {
      const o = ownerIdx(op.origin);
      for (let i = 0; i < nLines; i++) if (owner[i] < 0) owner[i] = o;
    } else if (op.fn === "normalize") {
      const count = countOccurrences(work, op.source);
      if (count === 0) {
        fail(op.line, op.origin, `line ${op.line}: normalize source ${JSON.stringify(op.source)} does not occur in the text`);
        continue;
      }
      work = work.replaceAll(op.source, op.target);
      normalizations.push({ source: op.source, target: op.target, count, origin: op.origin });
    }
  }

  // The parser refuses normalizations that change the number of line breaks, so the re-split text
  // has as many lines as the original and the removal set keeps its meaning.
  const lines = work.split("\n");
  if (lines.length !== nLines) throw new Error(`Internal error: normalization changed the line count (${nLines} → ${lines.length})`);
  for (const iv of mergeIntervals(intervals)) {
    if (iv.end < nLines) continue;
    // Reported at the op that reaches furthest in the merged range.
    const at = program.ops.find((op) => op.fn === "remove_lines" && op.origin === iv.origin && op.end === iv.end)?.line ?? 0;
    const range = `remove_lines ${iv.start}–${iv.end}`;
    if (iv.start >= nLines) fail(at, iv.origin, `line ${at}: ${range} is past the end: the document has ${nLines} line${nLines === 1 ? "" : "s"} (0–${nLines - 1})`);
    else fail(at, iv.origin, `line ${at}: ${range} clipped at the last line, ${nLines - 1}`);
  }

  const kept: string[] = [];
  const removedLines: number[] = [];
  for (let i = 0; i < nLines; i++) {
    if (owner[i] < 0) kept.push(lines[i]);
    else removedLines.push(i);
  }
  const processed = kept.join("\n");

  const maxErrors = opts.acceptance?.errorOp ?? 1;
  let applied = errors.length < maxErrors;
  if (opts.acceptance) {
    const a = opts.acceptance;
    const wordsIn = countWords(text);
    // Words never span a line break, so without normalizations the removed lines' words are what is lost.
    let wordsOut = wordsIn;
    if (normalizations.length > 0) wordsOut = countWords(processed);
    else for (const i of removedLines) wordsOut -= countWords(lines[i]);
    // ProX divides by words(original); a document without words has lost nothing (r = 1).
    const r = wordsIn === 0 ? 1 : wordsOut / wordsIn;
    if (r <= 1 - a.threshold2 && applied) {
      return dropped(text, nLines, originalChars, "low_ratio", "acceptance", errors, byOrigin);
    }
    applied = applied && r >= a.threshold1;
    const result = applied ? processed : text;
    if (a.shortDocWords !== null && (applied ? wordsOut : wordsIn) <= a.shortDocWords) {
      return dropped(text, nLines, originalChars, "short", "acceptance", errors, byOrigin);
    }
    if (!applied) return unchanged(result, errors, byOrigin);
  } else if (!applied) return unchanged(text, errors, byOrigin);

  // Per-source figures: each removed line counts once, for the first source that removed it
  // (with its line break); a normalization counts the code points it took away (or added).
  for (const i of removedLines) {
    const s = statsFor(byOrigin, origins[owner[i]]);
    s.linesRemoved++;
    s.charsRemoved += chars(lines[i]) + 1;
  }
  for (const n of normalizations) {
    const s = statsFor(byOrigin, n.origin);
    s.normalizations += n.count;
    s.charsRemoved += (chars(n.source) - chars(n.target)) * n.count;
  }
  return {
    text: processed,
    dropped: false,
    dropReason: null,
    droppedBy: null,
    applied: true,
    changed: processed !== text,
    linesRemoved: removedLines.length,
    charsRemoved: originalChars - chars(processed),
    removedLines,
    removedBy: removedLines.map((i) => origins[owner[i]]),
    normalizations,
    errors,
    byOrigin,
  };
};

const dropped = (
  text: string,
  nLines: number,
  chars: number,
  reason: TDropReason,
  by: string,
  errors: TProgramError[],
  byOrigin: Record<string, TOriginStats>,
): TRefineOutcome => {
  const s = statsFor(byOrigin, by);
  s.dropped = true;
  s.charsRemoved += chars;
  s.linesRemoved += nLines;
  return {
    text: null,
    dropped: true,
    dropReason: reason,
    droppedBy: by,
    applied: true,
    changed: true,
    linesRemoved: nLines,
    charsRemoved: chars,
    removedLines: [],
    removedBy: [],
    normalizations: [],
    errors,
    byOrigin,
  };
};

const unchanged = (text: string, errors: TProgramError[], byOrigin: Record<string, TOriginStats>): TRefineOutcome => ({
  text,
  dropped: false,
  dropReason: null,
  droppedBy: null,
  applied: false,
  changed: false,
  linesRemoved: 0,
  charsRemoved: 0,
  removedLines: [],
  removedBy: [],
  normalizations: [],
  errors,
  byOrigin,
});

/** The text with every normalize of the program applied in order, and nothing else (what later sources see). */
export const applyNormalizations = (text: string, program: TParsedProgram): string => {
  let work = text;
  for (const op of program.ops) if (op.fn === "normalize" && work.includes(op.source)) work = work.replaceAll(op.source, op.target);
  return work;
};
