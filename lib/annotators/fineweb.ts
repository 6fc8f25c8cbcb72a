import { z } from "zod";
import type { TAnnotator, TColumnSpec } from "@/lib/annotators/types";
import * as tu from "@/lib/annotators/text-utils";

// Module-local copies: under tsx/esbuild every imported binding is a getter, too slow for hot loops.
const { C_PUNCT, C_SPACE, CHAR_CLASS, codePointLength, hasSurrogates, ratio, trimEnd, trimStart } = tu;

/**
 * FineWeb's own quality rules (datatrove FineWebQualityFilter), with its definitions:
 * - lines are `text.split("\n")`, blank lines included ("\r\n" counts as "\n": a trailing "\r" is
 *   dropped from each line);
 * - line_punct_ratio = lines ending (as is, no stripping) in . ' " ! ? / lines; fails when
 *   ≤ min_line_punct_ratio (unless it is 0 and exclude_zero_punct);
 * - short_line_ratio = lines of ≤ short_line_length characters / lines; fails when ≥ the max;
 * - char_dup_ratio = characters of non-blank lines that repeat an earlier line (the first
 *   occurrence not counted) / characters of the text without newlines; fails when ≥ the max;
 * - newline_ratio = newlines / word tokens; fails when > the max. Word tokens approximate nltk's
 *   word_tokenize: each whitespace token counts once, plus one for a leading and one for a trailing
 *   run of punctuation attached to a word ("(see", "end." and "it," are two tokens each).
 */
const ZConfig = z.object({
  min_line_punct_ratio: z.number().min(0).max(1).default(0.12),
  exclude_zero_punct: z.boolean().default(false),
  max_short_line_ratio: z.number().min(0).max(1).default(0.67),
  short_line_length: z.number().int().min(0).default(30),
  max_char_dup_ratio: z.number().min(0).max(1).default(0.01),
  max_newline_ratio: z.number().min(0).default(0.3),
});
export type TFinewebConfig = z.infer<typeof ZConfig>;

export type TFinewebSignals = { lines: number; line_punct_ratio: number; short_line_ratio: number; char_dup_ratio: number; newline_ratio: number };

/** nltk-like token count: whitespace tokens, plus leading/trailing punctuation runs split off. */
export const countWordTokens = (text: string): number => {
  const n = text.length;
  let tokens = 0;
  let i = 0;
  while (i < n) {
    while (i < n && CHAR_CLASS[text.charCodeAt(i)] & C_SPACE) i++;
    if (i >= n) break;
    const s = i;
    while (i < n && !(CHAR_CLASS[text.charCodeAt(i)] & C_SPACE)) i++;
    tokens++;
    let a = s;
    while (a < i && CHAR_CLASS[text.charCodeAt(a)] & C_PUNCT) a++;
    if (a === i) continue; // all punctuation: one token
    let b = i;
    while (b > a && CHAR_CLASS[text.charCodeAt(b - 1)] & C_PUNCT) b--;
    if (a > s) tokens++;
    if (b < i) tokens++;
  }
  return tokens;
};

export const finewebSignals = (text: string, shortLineLength = 30): TFinewebSignals => {
  const n = text.length;
  const surrogates = hasSurrogates(text);
  let lines = 0;
  let punct = 0;
  let short = 0;
  let newlines = 0;
  let dupChars = 0;
  // Non-blank lines seen so far (V8 hashes the sliced strings natively; exact).
  const seen = new Set<string>();
  let pos = 0;
  for (;;) {
    const nl = text.indexOf("\n", pos);
    let e = nl === -1 ? n : nl;
    if (e > pos && text.charCodeAt(e - 1) === 13) e--;
    lines++;
    if (e > pos) {
      const last = text.charCodeAt(e - 1);
      if (last === 46 || last === 39 || last === 34 || last === 33 || last === 63) punct++;
    }
    const len = surrogates ? codePointLength(text, pos, e) : e - pos;
    if (len <= shortLineLength) short++;
    if (trimEnd(text, trimStart(text, pos, e), e) > pos) {
      const line = text.slice(pos, e);
      if (seen.has(line)) dupChars += len;
      else seen.add(line);
    }
    if (nl === -1) break;
    newlines++;
    pos = nl + 1;
  }
  const nonNewlineChars = (surrogates ? codePointLength(text) : n) - newlines;
  return {
    lines,
    line_punct_ratio: ratio(punct, lines),
    short_line_ratio: ratio(short, lines),
    char_dup_ratio: ratio(dupChars, nonNewlineChars),
    newline_ratio: ratio(newlines, countWordTokens(text)),
  };
};

/** The first rule broken (its config key, in datatrove's order), or null when the document passes. */
export const finewebVerdict = (s: TFinewebSignals, c: TFinewebConfig): string | null => {
  if (s.line_punct_ratio <= c.min_line_punct_ratio && !(s.line_punct_ratio === 0 && c.exclude_zero_punct)) return "min_line_punct_ratio";
  if (s.short_line_ratio >= c.max_short_line_ratio) return "max_short_line_ratio";
  if (s.char_dup_ratio >= c.max_char_dup_ratio) return "max_char_dup_ratio";
  if (s.newline_ratio > c.max_newline_ratio) return "max_newline_ratio";
  return null;
};

const P = "fineweb";

export const finewebAnnotator: TAnnotator<TFinewebConfig> = {
  id: P,
  version: "2",
  title: "FineWeb rules",
  description: "FineWeb's filters: share of lines ending in punctuation, short lines, characters in duplicated lines, newlines per word.",
  configSchema: ZConfig,
  columns: (c): TColumnSpec[] => [
    { name: `${P}.line_punct_ratio`, type: "DOUBLE", description: "Share of lines ending with . ' \" ! or ?", better: "higher" },
    { name: `${P}.short_line_ratio`, type: "DOUBLE", description: `Share of lines of at most ${c.short_line_length} characters`, better: "lower" },
    { name: `${P}.char_dup_ratio`, type: "DOUBLE", description: "Characters in lines repeating an earlier line, as a share of all characters but newlines", better: "lower" },
    { name: `${P}.newline_ratio`, type: "DOUBLE", description: "Newlines per word token", better: "lower" },
    { name: `${P}.pass`, type: "BOOLEAN", description: "Passes every FineWeb rule", better: "higher" },
    { name: `${P}.first_failed_rule`, type: "VARCHAR", description: "The first threshold the document breaks (its config key); null when it passes" },
  ],
  annotate: (docs, c) =>
    docs.map(({ text }) => {
      const s = finewebSignals(text, c.short_line_length);
      const failed = finewebVerdict(s, c);
      return {
        [`${P}.line_punct_ratio`]: s.line_punct_ratio,
        [`${P}.short_line_ratio`]: s.short_line_ratio,
        [`${P}.char_dup_ratio`]: s.char_dup_ratio,
        [`${P}.newline_ratio`]: s.newline_ratio,
        [`${P}.pass`]: failed === null,
        [`${P}.first_failed_rule`]: failed,
      };
    }),
};
