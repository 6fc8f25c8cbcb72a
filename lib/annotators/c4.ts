import { z } from "zod";
import type { TAnnotator, TColumnSpec, TFlaggedLine } from "@/lib/annotators/types";
import * as tu from "@/lib/annotators/text-utils";
import { resolveThresholds, zPreset, zThreshold, type TRulePreset } from "@/lib/annotators/rule-presets";
import ldnoobwWords from "@/lib/text/data/ldnoobw-en.json";
import { punktSentences } from "@/lib/text/nltk-en";
import * as pyUnicode from "@/lib/text/py-unicode";
import * as spacyEn from "@/lib/text/spacy-en";

// Module-local copies: under tsx/esbuild every imported binding is a getter, too slow for hot loops.
const { isPySpace, pyLen, pySplitLines, pySplitWhitespace, pyStrip } = pyUnicode;
const { spacySentenceCount } = spacyEn;

// Module-local copies: under tsx/esbuild every imported binding is a getter, too slow for hot loops.
const { C_SPACE, CHAR_CLASS, ratio, trimEnd, trimStart } = tu;

/**
 * C4 rules, with the definitions of the chosen preset (docs/annotators.md has them line by line).
 *
 * `datatrove` / `fineweb` — datatrove's C4QualityFilter (main / v0.3): lines are
 * `text.splitlines()`, stripped, and go through, in order:
 *   1. a word (whitespace token) longer than `max_word_length` → line removed ("too_long_word");
 *   2. Wikipedia citations ("[1]", "[edit]", "[citation needed]") are removed from the line;
 *   3. not ending in . ? ! " ' or ending in "..." → removed ("no_terminal_punctuation");
 *   4. fewer than `min_words_per_line` words → removed ("too_few_words");
 *   5. contains "lorem ipsum" (any case) → the document fails ("lorem_ipsum");
 *   6. contains "javascript" (any case) → removed ("javascript");
 *   7. contains "{" → the document fails ("curly_bracket");
 *   8. contains a policy phrase (terms of use, privacy policy, …) → removed ("policy").
 * Kept lines' sentences are counted line by line (main: spaCy's sentencizer; v0.3: NLTK Punkt); the
 * document fails with fewer than `min_sentences` (5). Blank lines count in neither column.
 *
 * `dclm` — DCLM's c4.yaml as a page pipeline: empty pages and pages over 190,000 characters fail
 * ("page_chars"); lines with a
 * whitespace word over 1000 characters go; citations go; lines not ending in . ! ? " … (trailing
 * whitespace allowed) and lines ending in an ellipsis go (blank lines stay); lines with fewer than 5
 * whitespace words go (blank lines stay); "lorem ipsum" anywhere fails the page; lines mentioning
 * "javascript" go; "{" anywhere fails the page; policy lines go; the remaining text needs 3 Punkt
 * sentences; repeated lines (stripped, case-folded) are dropped and it needs 3 sentences again; a
 * word of the LDNOOBW list fails the page. A step that leaves no text fails the page
 * ("emptied_by_<line rule>").
 * The line columns count what those line steps removed.
 */
const ZConfig = z.object({
  preset: zPreset(["datatrove", "fineweb", "dclm"] as const),
  min_words_per_line: zThreshold(),
  max_word_length: zThreshold(1),
  min_sentences: zThreshold(),
  remove_citations: z.boolean().default(true),
  filter_no_terminal_punct: z.boolean().default(true),
  filter_lorem_ipsum: z.boolean().default(true),
  filter_javascript: z.boolean().default(true),
  filter_curly_bracket: z.boolean().default(true),
  filter_policy: z.boolean().default(true),
});
export type TC4Config = z.infer<typeof ZConfig>;
type TThresholdKey = "min_words_per_line" | "max_word_length" | "min_sentences";
/** What the line engine reads: numeric thresholds and the rule switches. */
export type TC4LineConfig = Omit<TC4Config, "preset" | TThresholdKey> & Record<TThresholdKey, number>;

export const C4_PRESETS: Record<TRulePreset, Record<TThresholdKey, number>> = {
  datatrove: { min_words_per_line: 3, max_word_length: 1000, min_sentences: 5 },
  fineweb: { min_words_per_line: 3, max_word_length: 1000, min_sentences: 5 },
  dclm: { min_words_per_line: 5, max_word_length: 1000, min_sentences: 3 },
};
export const resolveC4 = (c: TC4Config): TC4LineConfig & { preset: TRulePreset } => {
  const { preset, ...rest } = c;
  return { ...rest, preset, ...resolveThresholds<TThresholdKey>(c, C4_PRESETS[preset]) };
};

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
  docRule: string | null;
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

const emptyResult = (): TC4Result => ({
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
});

/** Line by line, as DCLM-era Winnow did (the refinement rule c4_lines removes the lines it flags). */
export const c4Lines = (text: string, c: TC4LineConfig): TC4Result => {
  const res = emptyResult();
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



const DT_END_PUNCT = new Set([".", "?", "!", '"', "'"]);
const DT_POLICY = C4_POLICY_PHRASES;
const DT_CITATION = /\[\d*\]|\[edit\]|\[citation needed\]/g;

/**
 * `len(line.split())` and whether a word is longer than `maxLength` code points, without building
 * the words (a word's UTF-16 length bounds its code points: only longer ones are measured).
 */
const whitespaceWordStats = (line: string, maxLength: number): { count: number; tooLong: boolean } => {
  let count = 0;
  let tooLong = false;
  const n = line.length;
  let i = 0;
  while (i < n) {
    while (i < n && isPySpace(line.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isPySpace(line.charCodeAt(i))) i++;
    count++;
    if (!tooLong && i - start > maxLength && pyLen(line.slice(start, i)) > maxLength) tooLong = true;
  }
  return { count, tooLong };
};

/** Sentences of one kept line: spaCy's sentencizer (main) or Punkt, stripped and non-empty (v0.3). */
const lineSentences = (line: string, preset: "datatrove" | "fineweb"): number => {
  if (preset === "fineweb") return punktSentences(line).filter((x) => pyStrip(x) !== "").length;
  return spacySentenceCount(line);
};

/** datatrove's C4QualityFilter (every line scanned; the document rule is the first one hit). */
const datatroveC4 = (text: string, c: TC4LineConfig, preset: "datatrove" | "fineweb"): TC4Result => {
  const res = emptyResult();
  const lines = pySplitLines(text);
  lines.forEach((raw, lineNo) => {
    const line0 = pyStrip(raw);
    if (line0 === "") return;
    res.lines++;
    const chars = pyLen(line0);
    res.totalChars += chars;
    const flag = (rule: string) => res.flagged.push({ line: lineNo, rule });
    const remove = (rule: TC4LineRule) => {
      res.removedBy[rule]++;
      flag(rule);
    };
    const words = whitespaceWordStats(line0, c.max_word_length);
    if (words.tooLong) return remove("too_long_word");
    const line = c.remove_citations ? line0.replace(DT_CITATION, "") : line0;
    if (c.filter_no_terminal_punct && (!DT_END_PUNCT.has(line.slice(-1)) || line.endsWith("..."))) return remove("no_terminal_punctuation");
    if (words.count < c.min_words_per_line) return remove("too_few_words");
    const lower = line.toLowerCase();
    if (c.filter_lorem_ipsum && lower.includes("lorem ipsum")) {
      res.hasLoremIpsum = true;
      res.docRule ??= "lorem_ipsum";
      return flag("lorem_ipsum");
    }
    if (c.filter_javascript && lower.includes("javascript")) return remove("javascript");
    if (c.filter_curly_bracket && line.includes("{")) {
      res.hasCurlyBracket = true;
      res.docRule ??= "curly_bracket";
      return flag("curly_bracket");
    }
    if (c.filter_policy && DT_POLICY.some((ph) => lower.includes(ph))) return remove("policy");
    res.kept++;
    res.keptChars += chars;
    res.sentences += lineSentences(line, preset);
  });
  return res;
};

// DCLM's c4.yaml, step by step on the page text.
const PY_WS = "[\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const DCLM_PUNCT_END = new RegExp(`[.!?"\u2026]${PY_WS}*$`, "u");
const DCLM_ELLIPSIS_END = new RegExp(`(?:\\.\\.\\.|\u2026)${PY_WS}*$`, "u");
const DCLM_JAVASCRIPT = /javascript/i;
const W = "[\\p{L}\\p{N}_]";
let ldnoobw: RegExp | null = null;
/** DCLM's LDNOOBW filter: any listed word or phrase between Python word boundaries, case-folded. */
const ldnoobwPattern = (): RegExp => {
  if (!ldnoobw) {
    ldnoobw = new RegExp(`(?:(?<=${W})(?!${W})|(?<!${W})(?=${W}))(?:${ldnoobwWords.words.join("|")})(?:(?<=${W})(?!${W})|(?<!${W})(?=${W}))`, "u");
  }
  return ldnoobw;
};
const dclmSentences = (text: string): number => (text.length === 0 ? 0 : punktSentences(text).filter((x) => pyStrip(x) !== "").length);

/** DCLM's c4.yaml page decision; line columns count what each line step removed. */
const dclmC4 = (text: string, c: TC4LineConfig): TC4Result => {
  const res = emptyResult();
  const nonBlank = (t: string) => t.split("\n").filter((l) => pyStrip(l) !== "");
  res.lines = nonBlank(text).length;
  res.totalChars = nonBlank(text).reduce((a, l) => a + pyLen(l), 0);
  const fail = (rule: string): TC4Result => {
    res.docRule = rule;
    return res;
  };
  const chars = pyLen(text);
  if (chars === 0 || chars > 190_000) return fail("page_chars");
  // A step that leaves no text ends the page: the rule is "emptied_by_<step>".
  const lineStep = (t: string, keep: (l: string) => boolean, rule: TC4LineRule, strip = false): string | null => {
    const lines = t.split("\n");
    const kept = lines.filter(keep);
    res.removedBy[rule] += lines.filter((l) => pyStrip(l) !== "").length - kept.filter((l) => pyStrip(l) !== "").length;
    const out = strip ? pyStrip(kept.join("\n")) : kept.join("\n");
    return out === "" ? null : out;
  };
  let t: string | null = text;
  t = lineStep(t, (l) => pySplitWhitespace(l).every((w) => pyLen(w) <= c.max_word_length), "too_long_word");
  if (t === null) return fail("emptied_by_too_long_word");
  if (c.remove_citations) {
    t = t.replace(DT_CITATION, "");
    if (t === "") return fail("emptied_by_citations");
  }
  if (c.filter_no_terminal_punct) {
    t = lineStep(t, (l) => (DCLM_PUNCT_END.test(l) || !l) && !DCLM_ELLIPSIS_END.test(l), "no_terminal_punctuation");
    if (t === null) return fail("emptied_by_no_terminal_punctuation");
  }
  t = lineStep(t, (l) => !l || pySplitWhitespace(l).length >= c.min_words_per_line, "too_few_words");
  if (t === null) return fail("emptied_by_too_few_words");
  if (c.filter_lorem_ipsum && t.toLowerCase().includes("lorem ipsum")) {
    res.hasLoremIpsum = true;
    return fail("lorem_ipsum");
  }
  if (c.filter_javascript) {
    t = lineStep(t, (l) => !DCLM_JAVASCRIPT.test(l), "javascript", true);
    if (t === null) return fail("emptied_by_javascript");
  }
  if (c.filter_curly_bracket && t.includes("{")) {
    res.hasCurlyBracket = true;
    return fail("curly_bracket");
  }
  if (c.filter_policy) {
    t = lineStep(t, (l) => !C4_POLICY_PHRASES.some((ph) => l.toLowerCase().includes(ph)), "policy", true);
    if (t === null) return fail("emptied_by_policy");
  }
  const kept = nonBlank(t);
  res.kept = kept.length;
  res.keptChars = kept.reduce((a, l) => a + pyLen(l), 0);
  res.sentences = dclmSentences(t);
  if (res.sentences < c.min_sentences) return fail("min_sentences");
  const seen = new Set<string>();
  const deduped = t.split("\n").filter((l) => {
    const k = pyStrip(l).toLowerCase();
    if (!k) return true;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const t2 = deduped.join("\n");
  if (dclmSentences(t2) < c.min_sentences) return fail("min_sentences_after_dedup");
  if (ldnoobwPattern().test(t2.toLowerCase())) return fail("ldnoobw");
  return res;
};

/** The C4 result of `text` under the preset's definitions. */
export const c4Result = (text: string, c: TC4LineConfig & { preset: TRulePreset }): TC4Result =>
  c.preset === "dclm" ? dclmC4(text, c) : datatroveC4(text, c, c.preset);

/** The document rule the text breaks ("lorem_ipsum", "curly_bracket", "min_sentences"), or null. */
export const c4Verdict = (r: TC4Result, c: Pick<TC4LineConfig, "min_sentences">): string | null => r.docRule ?? (r.sentences < c.min_sentences ? "min_sentences" : null);

/** Lines (0-based over `text.split("\n")`) removed by a C4 line rule or failing the document, with the rule. */
export const c4FlaggedLines = (text: string, config: Partial<TC4Config> = {}): TFlaggedLine[] => c4Result(text, resolveC4(ZConfig.parse(config))).flagged;

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
  annotate: (docs, config) => {
    const c = resolveC4(config);
    return docs.map(({ text }) => {
      const r = c4Result(text, c);
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
    });
  },
  flagLines: (text, c) => c4Result(text, resolveC4(c)).flagged,
};
