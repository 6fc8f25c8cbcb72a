import { z } from "zod";
import type { TAnnotator, TColumnSpec, TFlaggedLine } from "@/lib/annotators/types";
import * as tu from "@/lib/annotators/text-utils";

// Module-local copies: under tsx/esbuild every imported binding is a getter, too slow for hot loops.
const { C_SPACE, CHAR_CLASS, ratio, trimEnd, trimStart } = tu;

/**
 * C4 rules (datatrove C4QualityFilter, from the T5 paper; DCLM's C4 reproduction, seeds.md §3.4).
 * Lines are `text.split("\n")`, stripped; blank lines are skipped (neither kept nor removed). Each
 * line goes through, in order:
 *   1. a word (whitespace token) longer than `max_word_length` → line removed ("too_long_word");
 *   2. Wikipedia citations ("[1]", "[edit]", "[citation needed]") are removed from the line;
 *   3. not ending in . ? ! " ' , or ending in "..." → removed ("no_terminal_punctuation");
 *   4. fewer than `min_words_per_line` words → removed ("too_few_words");
 *   5. contains "lorem ipsum" (any case) → the document fails ("lorem_ipsum");
 *   6. contains "javascript" (any case) → removed ("javascript");
 *   7. contains "{" → the document fails ("curly_bracket");
 *   8. contains a policy phrase (terms of use, privacy policy, …) → removed ("policy").
 * Lines that survive are kept; their sentences are counted by terminal punctuation (runs of . ! ?
 * followed by whitespace, a closing quote/bracket or the line end; at least one per kept line).
 * The document fails with fewer than `min_sentences` sentences in kept lines. Unlike datatrove,
 * scanning does not stop at the first document-level hit, so every count is complete.
 */
const ZConfig = z.object({
  min_words_per_line: z.number().int().min(0).default(3),
  max_word_length: z.number().int().min(1).default(1000),
  min_sentences: z.number().int().min(0).default(3),
  remove_citations: z.boolean().default(true),
  filter_no_terminal_punct: z.boolean().default(true),
  filter_lorem_ipsum: z.boolean().default(true),
  filter_javascript: z.boolean().default(true),
  filter_curly_bracket: z.boolean().default(true),
  filter_policy: z.boolean().default(true),
});
export type TC4Config = z.infer<typeof ZConfig>;

export const C4_POLICY_PHRASES = ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"] as const;
const COOKIE_PHRASES = C4_POLICY_PHRASES.filter((p) => p.includes("cookie"));
const CITATION = /\[\d*\]|\[edit\]|\[citation needed\]/g;
export type TC4LineRule = "too_long_word" | "no_terminal_punctuation" | "too_few_words" | "javascript" | "policy";

export type TC4Result = {
  /** Non-blank lines. */
  lines: number;
  kept: number;
  removedBy: Record<TC4LineRule, number>;
  keptChars: number;
  totalChars: number;
  sentences: number;
  hasLoremIpsum: boolean;
  hasCurlyBracket: boolean;
  /** The first document-level rule hit, in line order; null if none. */
  docRule: "lorem_ipsum" | "curly_bracket" | null;
  /** 0-based line index (over `text.split("\n")`) and rule, for lines removed or failing the document. */
  flagged: TFlaggedLine[];
};

const isTerminal = (c: number): boolean => c === 46 || c === 63 || c === 33 || c === 34 || c === 39; // . ? ! " '

/** Sentences in a kept line: runs of . ! ? followed by whitespace, closers or the end (≥ 1). */
const countSentences = (line: string): number => {
  let n = 0;
  const len = line.length;
  for (let i = 0; i < len; i++) {
    const c = line.charCodeAt(i);
    if (c !== 46 && c !== 33 && c !== 63) continue;
    let j = i + 1;
    while (j < len && (line.charCodeAt(j) === 46 || line.charCodeAt(j) === 33 || line.charCodeAt(j) === 63)) j++;
    let k = j;
    while (k < len) {
      const d = line.charCodeAt(k);
      if (d === 34 || d === 39 || d === 41 || d === 93 || d === 0x201d || d === 0x2019) k++;
      else break;
    }
    if (k === len || CHAR_CLASS[line.charCodeAt(k)] & C_SPACE) n++;
    i = j - 1;
  }
  return Math.max(1, n);
};

/** All start offsets of `needle` in `hay` (non-overlapping is enough for membership tests). */
const occurrences = (hay: string, needle: string): number[] => {
  const out: number[] = [];
  for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + 1)) out.push(i);
  return out;
};

/** Does any occurrence (sorted offsets, cursor in `cur[0]`) start within `[s, e - len]`? */
const hitIn = (offs: number[], cur: { i: number }, s: number, e: number, len: number): boolean => {
  while (cur.i < offs.length && offs[cur.i] < s) cur.i++;
  return cur.i < offs.length && offs[cur.i] + len <= e;
};

export const c4Lines = (text: string, c: TC4Config): TC4Result => {
  const res: TC4Result = {
    lines: 0,
    kept: 0,
    removedBy: { too_long_word: 0, no_terminal_punctuation: 0, too_few_words: 0, javascript: 0, policy: 0 },
    keptChars: 0,
    totalChars: 0,
    sentences: 0,
    hasLoremIpsum: false,
    hasCurlyBracket: false,
    docRule: null,
    flagged: [],
  };
  // Case-insensitive phrase search on a lower-cased copy (same offsets unless lower-casing changed
  // the length, in which case lines are lower-cased one by one).
  let lower: string | null = text.toLowerCase();
  if (lower.length !== text.length) lower = null;
  const find = (needle: string) => ({ offs: lower === null ? [] : occurrences(lower, needle), cur: { i: 0 } });
  const lorem = find("lorem ipsum");
  const js = find("javascript");
  // Policy phrases: "terms of use" and "privacy policy" are searched for; the cookie phrases only
  // in lines that contain "cookie".
  const terms = find("terms of use");
  const privacy = find("privacy policy");
  const cookie = find("cookie");
  const brace = { offs: occurrences(text, "{"), cur: { i: 0 } };
  const contains = (f: { offs: number[]; cur: { i: number } }, needle: string, s: number, e: number): boolean =>
    lower === null ? text.slice(s, e).toLowerCase().includes(needle) : hitIn(f.offs, f.cur, s, e, needle.length);

  const n = text.length;
  let pos = 0;
  let lineNo = 0;
  const flag = (rule: string) => res.flagged.push({ line: lineNo, rule });
  const remove = (rule: TC4LineRule) => {
    res.removedBy[rule]++;
    flag(rule);
  };
  while (pos <= n) {
    let nl = text.indexOf("\n", pos);
    if (nl === -1) nl = n;
    const s = trimStart(text, pos, nl);
    const e = trimEnd(text, s, nl);
    if (e > s) {
      res.lines++;
      // One pass: code points, words, longest word.
      let chars = 0;
      let words = 0;
      let longest = 0;
      let wordLen = 0;
      for (let i = s; i < e; i++) {
        const ch = text.charCodeAt(i);
        if ((ch & 0xfc00) === 0xdc00 && i > s && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800) continue;
        chars++;
        if (CHAR_CLASS[ch] & C_SPACE) {
          if (wordLen > longest) longest = wordLen;
          wordLen = 0;
        } else if (wordLen++ === 0) words++;
      }
      if (wordLen > longest) longest = wordLen;
      res.totalChars += chars;
      if (longest > c.max_word_length) remove("too_long_word");
      else {
        let line = text.slice(s, e);
        if (c.remove_citations && line.includes("[")) line = line.replace(CITATION, "");
        const last = line.charCodeAt(line.length - 1);
        if (c.filter_no_terminal_punct && (!isTerminal(last) || line.endsWith("..."))) remove("no_terminal_punctuation");
        else if (words < c.min_words_per_line) remove("too_few_words");
        else {
          let removed = false;
          if (c.filter_lorem_ipsum && contains(lorem, "lorem ipsum", s, e)) {
            res.hasLoremIpsum = true;
            res.docRule ??= "lorem_ipsum";
            flag("lorem_ipsum");
          }
          if (c.filter_javascript && contains(js, "javascript", s, e)) {
            remove("javascript");
            removed = true;
          }
          if (!removed && c.filter_curly_bracket && hitIn(brace.offs, brace.cur, s, e, 1)) {
            res.hasCurlyBracket = true;
            res.docRule ??= "curly_bracket";
            flag("curly_bracket");
          }
          if (
            !removed &&
            c.filter_policy &&
            (contains(terms, "terms of use", s, e) ||
              contains(privacy, "privacy policy", s, e) ||
              (contains(cookie, "cookie", s, e) && COOKIE_PHRASES.some((p) => text.slice(s, e).toLowerCase().includes(p))))
          ) {
            remove("policy");
            removed = true;
          }
          if (!removed) {
            res.kept++;
            res.keptChars += chars;
            res.sentences += countSentences(line);
          }
        }
      }
    }
    pos = nl + 1;
    lineNo++;
  }
  return res;
};

/** The document rule the text breaks ("lorem_ipsum", "curly_bracket", "min_sentences"), or null. */
export const c4Verdict = (r: TC4Result, c: TC4Config): string | null => r.docRule ?? (r.sentences < c.min_sentences ? "min_sentences" : null);

/** Lines (0-based over `text.split("\n")`) removed by a C4 line rule or failing the document, with the rule. */
export const c4FlaggedLines = (text: string, config: Partial<TC4Config> = {}): TFlaggedLine[] => c4Lines(text, ZConfig.parse(config)).flagged;

const P = "c4";

export const c4Annotator: TAnnotator<TC4Config> = {
  id: P,
  version: "2",
  title: "C4 rules",
  description:
    "C4 line filters (terminal punctuation, words per line, javascript, policy notices, over-long words) and document rules (lorem ipsum, curly brackets, at least 3 sentences in kept lines).",
  configSchema: ZConfig,
  columns: (): TColumnSpec[] => [
    { name: `${P}.lines`, type: "BIGINT", description: "Non-blank lines" },
    { name: `${P}.lines_kept`, type: "BIGINT", description: "Lines no C4 line rule removes", better: "higher" },
    { name: `${P}.lines_removed`, type: "BIGINT", description: "Lines a C4 line rule removes", better: "lower" },
    { name: `${P}.lines_removed_frac`, type: "DOUBLE", description: "Share of non-blank lines removed", better: "lower" },
    { name: `${P}.chars_kept_frac`, type: "DOUBLE", description: "Share of the characters of non-blank lines that are in kept lines", better: "higher" },
    { name: `${P}.removed_too_long_word`, type: "BIGINT", description: "Lines removed for a word over max_word_length", better: "lower" },
    { name: `${P}.removed_no_terminal_punctuation`, type: "BIGINT", description: "Lines removed for not ending in terminal punctuation", better: "lower" },
    { name: `${P}.removed_too_few_words`, type: "BIGINT", description: "Lines removed for having fewer than min_words_per_line words", better: "lower" },
    { name: `${P}.removed_javascript`, type: "BIGINT", description: "Lines removed for mentioning javascript", better: "lower" },
    { name: `${P}.removed_policy`, type: "BIGINT", description: "Lines removed for a terms-of-use / privacy / cookie phrase", better: "lower" },
    { name: `${P}.sentences`, type: "BIGINT", description: "Sentences in kept lines (by terminal punctuation)", better: "higher" },
    { name: `${P}.has_lorem_ipsum`, type: "BOOLEAN", description: "A line that passes the line rules contains 'lorem ipsum'", better: "lower" },
    { name: `${P}.has_curly_bracket`, type: "BOOLEAN", description: "A line that passes the line rules contains '{'", better: "lower" },
    { name: `${P}.pass`, type: "BOOLEAN", description: "Passes the C4 document rules", better: "higher" },
    { name: `${P}.first_failed_rule`, type: "VARCHAR", description: "lorem_ipsum, curly_bracket or min_sentences; null when it passes" },
  ],
  annotate: (docs, c) =>
    docs.map(({ text }) => {
      const r = c4Lines(text, c);
      const removed = r.lines - r.kept;
      const failed = c4Verdict(r, c);
      return {
        [`${P}.lines`]: r.lines,
        [`${P}.lines_kept`]: r.kept,
        [`${P}.lines_removed`]: removed,
        [`${P}.lines_removed_frac`]: ratio(removed, r.lines),
        [`${P}.chars_kept_frac`]: ratio(r.keptChars, r.totalChars),
        [`${P}.removed_too_long_word`]: r.removedBy.too_long_word,
        [`${P}.removed_no_terminal_punctuation`]: r.removedBy.no_terminal_punctuation,
        [`${P}.removed_too_few_words`]: r.removedBy.too_few_words,
        [`${P}.removed_javascript`]: r.removedBy.javascript,
        [`${P}.removed_policy`]: r.removedBy.policy,
        [`${P}.sentences`]: r.sentences,
        [`${P}.has_lorem_ipsum`]: r.hasLoremIpsum,
        [`${P}.has_curly_bracket`]: r.hasCurlyBracket,
        [`${P}.pass`]: failed === null,
        [`${P}.first_failed_rule`]: failed,
      };
    }),
  flagLines: (text, c) => c4Lines(text, c).flagged,
};
