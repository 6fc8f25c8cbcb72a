import * as tu from "@/lib/annotators/text-utils";
import { programString } from "@/lib/refine/parse-program";

// Module-local copies: under tsx/esbuild every imported binding is a getter, too slow for hot loops.
const { C_SPACE, CHAR_CLASS } = tu;

/** `remove_lines` statements for every run of flagged lines (consecutive lines become one range). */
export const removeFlaggedLines = (flags: ArrayLike<number | boolean>): string[] => {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= flags.length; i++) {
    const on = i < flags.length && Boolean(flags[i]);
    if (on && start < 0) start = i;
    else if (!on && start >= 0) {
      out.push(removeRange(start, i - 1));
      start = -1;
    }
  }
  return out;
};

export const removeRange = (start: number, end: number): string => `remove_lines(line_start=${start}, line_end=${end})`;

export const normalizeStatement = (source: string, target: string): string =>
  target === "" ? `normalize(source_str=${programString(source)})` : `normalize(source_str=${programString(source)}, target_str=${programString(target)})`;

/** A line's text without leading/trailing whitespace, lower-cased (for phrase matching). */
export const lowerTrim = (line: string): string => line.trim().toLowerCase();

/** Whitespace-separated words of a (short) line. */
export const wordCount = (line: string): number => {
  const t = line.trim();
  return t === "" ? 0 : t.split(/\s+/).length;
};

export const isBlank = (line: string): boolean => line.trim() === "";

/** Whitespace-separated words of a line, counting no further than `max + 1` (no allocation). */
export const countWordsUpTo = (line: string, max: number): number => {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const ws = (CHAR_CLASS[line.charCodeAt(i)] & C_SPACE) !== 0;
    if (!ws && !inWord && ++n > max) return n;
    inWord = !ws;
  }
  return n;
};
