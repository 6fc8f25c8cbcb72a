import { z } from "zod";
import type { TAnnotator, TColumnSpec } from "@/lib/annotators/types";
import * as tu from "@/lib/annotators/text-utils";

// Module-local copies: under tsx/esbuild every imported binding is a getter, too slow for hot loops.
const { C_ALNUM, C_LETTER, C_PUNCT, C_SPACE, CHAR_CLASS, classAt, countOccurrences, rangeEndsWith, ratio, trimEnd, trimStart } = tu;

/**
 * Gopher (MassiveText) quality rules, as in datatrove's GopherQualityFilter, with DCLM's
 * whitespace words (seeds.md §3.2):
 * - words are whitespace-separated tokens; "real" words contain a letter or digit (tokens made only
 *   of punctuation/symbols, like "-" or "…", are not words for the count and the mean length);
 * - word_count and mean_word_length (code points) are over real words;
 * - hash_word_ratio = count("#") / word_count; ellipsis_word_ratio = (count("...") + count("…") +
 *   count(". . .")) / word_count (Python non-overlapping counts);
 * - bullet / ellipsis line ratios are over non-blank lines (stripped): lines starting with one of
 *   `bullets`; lines ending with "...", ". . ." or "…";
 * - non_alpha_words_ratio = whitespace tokens without any letter / all whitespace tokens;
 * - stop_words = tokens equal to a stop word, case-insensitively, once leading and trailing
 *   punctuation is stripped ("The", "the," and "(to" count).
 * The whole document is scanned once, character by character, against a class table.
 */
const ZConfig = z.object({
  min_words: z.number().int().min(0).default(50),
  max_words: z.number().int().min(0).default(100_000),
  min_mean_word_length: z.number().min(0).default(3),
  max_mean_word_length: z.number().min(0).default(10),
  max_hash_word_ratio: z.number().min(0).default(0.1),
  max_ellipsis_word_ratio: z.number().min(0).default(0.1),
  max_bullet_lines_ratio: z.number().min(0).max(1).default(0.9),
  max_ellipsis_lines_ratio: z.number().min(0).max(1).default(0.3),
  max_non_alpha_words_ratio: z.number().min(0).max(1).default(0.2),
  min_stop_words: z.number().int().min(0).default(2),
  /** Characters that start a bullet line (DCLM's ●•*- ; datatrove uses • and -). */
  bullets: z.string().default("●•*-"),
});
export type TGopherQualityConfig = z.infer<typeof ZConfig>;

export const GOPHER_STOP_WORDS = ["the", "be", "to", "of", "and", "that", "have", "with"] as const;

/** Packs up to 4 lower-case ASCII letters into one int (length in the top bits). */
const packWord = (w: string): number => {
  let k = w.length << 28;
  for (let i = 0; i < w.length; i++) k |= (w.charCodeAt(i) - 96) << (i * 5);
  return k;
};
const STOP_KEYS = new Set(GOPHER_STOP_WORDS.map(packWord));

export type TGopherQualitySignals = {
  word_count: number;
  mean_word_length: number;
  hash_word_ratio: number;
  ellipsis_word_ratio: number;
  bullet_lines_ratio: number;
  ellipsis_lines_ratio: number;
  non_alpha_words_ratio: number;
  stop_words: number;
};

const bulletCache = new Map<string, Uint8Array>();
const bulletTable = (bullets: string): Uint8Array => {
  let t = bulletCache.get(bullets);
  if (!t) {
    t = new Uint8Array(65536);
    for (const ch of bullets) t[ch.charCodeAt(0)] = 1;
    bulletCache.set(bullets, t);
  }
  return t;
};

export const gopherQualitySignals = (text: string, bullets = "●•*-"): TGopherQualitySignals => {
  const n = text.length;
  let tokens = 0;
  let realWords = 0;
  let realChars = 0;
  let nonAlpha = 0;
  let stop = 0;
  // Words.
  let i = 0;
  while (i < n) {
    while (i < n && CHAR_CLASS[text.charCodeAt(i)] & C_SPACE) i++;
    if (i >= n) break;
    const start = i;
    let flags = 0;
    let len = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      const f = CHAR_CLASS[c];
      if (f & C_SPACE) break;
      if (c >= 0xd800 && c <= 0xdbff) {
        flags |= classAt(text, i);
        len++;
        i += i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
        continue;
      }
      flags |= f;
      len++;
      i++;
    }
    tokens++;
    if ((flags & C_LETTER) === 0) nonAlpha++;
    if (flags & C_ALNUM) {
      realWords++;
      realChars += len;
      // Stop word: strip edge punctuation, then 2–4 ASCII letters.
      let s = start;
      let e = i;
      while (s < e && CHAR_CLASS[text.charCodeAt(s)] & C_PUNCT) s++;
      while (e > s && CHAR_CLASS[text.charCodeAt(e - 1)] & C_PUNCT) e--;
      const wl = e - s;
      if (wl >= 2 && wl <= 4) {
        let k = wl << 28;
        let ok = true;
        for (let j = 0; j < wl; j++) {
          let c = text.charCodeAt(s + j);
          if (c >= 65 && c <= 90) c += 32;
          if (c < 97 || c > 122) {
            ok = false;
            break;
          }
          k |= (c - 96) << (j * 5);
        }
        if (ok && STOP_KEYS.has(k)) stop++;
      }
    }
  }
  // Lines.
  const bulletT = bulletTable(bullets);
  let lines = 0;
  let bulletLines = 0;
  let ellipsisLines = 0;
  let pos = 0;
  while (pos <= n) {
    let nl = text.indexOf("\n", pos);
    if (nl === -1) nl = n;
    const s = trimStart(text, pos, nl);
    const e = trimEnd(text, s, nl);
    if (e > s) {
      lines++;
      if (bulletT[text.charCodeAt(s)]) bulletLines++;
      if (text.charCodeAt(e - 1) === 0x2026 || rangeEndsWith(text, e, s, "...") || rangeEndsWith(text, e, s, ". . .")) ellipsisLines++;
    }
    pos = nl + 1;
  }
  const ellipses = countOccurrences(text, "...") + countOccurrences(text, "…") + countOccurrences(text, ". . .");
  return {
    word_count: realWords,
    mean_word_length: ratio(realChars, realWords),
    hash_word_ratio: ratio(countOccurrences(text, "#"), realWords),
    ellipsis_word_ratio: ratio(ellipses, realWords),
    bullet_lines_ratio: ratio(bulletLines, lines),
    ellipsis_lines_ratio: ratio(ellipsisLines, lines),
    non_alpha_words_ratio: ratio(nonAlpha, tokens),
    stop_words: stop,
  };
};

/** The first rule broken (its config key, in datatrove's order), or null when the document passes. */
export const gopherQualityVerdict = (s: TGopherQualitySignals, c: TGopherQualityConfig): string | null => {
  if (s.word_count < c.min_words) return "min_words";
  if (s.word_count > c.max_words) return "max_words";
  if (s.mean_word_length < c.min_mean_word_length) return "min_mean_word_length";
  if (s.mean_word_length > c.max_mean_word_length) return "max_mean_word_length";
  if (s.hash_word_ratio > c.max_hash_word_ratio) return "max_hash_word_ratio";
  if (s.ellipsis_word_ratio > c.max_ellipsis_word_ratio) return "max_ellipsis_word_ratio";
  if (s.bullet_lines_ratio > c.max_bullet_lines_ratio) return "max_bullet_lines_ratio";
  if (s.ellipsis_lines_ratio > c.max_ellipsis_lines_ratio) return "max_ellipsis_lines_ratio";
  if (s.non_alpha_words_ratio > c.max_non_alpha_words_ratio) return "max_non_alpha_words_ratio";
  if (s.stop_words < c.min_stop_words) return "min_stop_words";
  return null;
};

const P = "gopher_quality";

export const gopherQualityAnnotator: TAnnotator<TGopherQualityConfig> = {
  id: P,
  version: "2",
  title: "Gopher quality rules",
  description:
    "MassiveText/Gopher document-quality heuristics: word count, mean word length, '#' and ellipsis per word, bullet and ellipsis lines, words without letters, stop words.",
  configSchema: ZConfig,
  columns: (): TColumnSpec[] => [
    { name: `${P}.word_count`, type: "BIGINT", description: "Words: whitespace tokens with at least one letter or digit" },
    { name: `${P}.mean_word_length`, type: "DOUBLE", description: "Mean length of those words, in characters" },
    { name: `${P}.hash_word_ratio`, type: "DOUBLE", description: "'#' characters per word", better: "lower" },
    { name: `${P}.ellipsis_word_ratio`, type: "DOUBLE", description: "Ellipses ('...', '…', '. . .') per word", better: "lower" },
    { name: `${P}.bullet_lines_ratio`, type: "DOUBLE", description: "Share of non-blank lines starting with a bullet", better: "lower" },
    { name: `${P}.ellipsis_lines_ratio`, type: "DOUBLE", description: "Share of non-blank lines ending with an ellipsis", better: "lower" },
    { name: `${P}.non_alpha_words_ratio`, type: "DOUBLE", description: "Share of whitespace tokens without any letter", better: "lower" },
    { name: `${P}.stop_words`, type: "BIGINT", description: "Occurrences of the, be, to, of, and, that, have, with", better: "higher" },
    { name: `${P}.pass`, type: "BOOLEAN", description: "Passes every Gopher quality rule", better: "higher" },
    { name: `${P}.first_failed_rule`, type: "VARCHAR", description: "The first threshold the document breaks (its config key); null when it passes" },
  ],
  annotate: (docs, c) =>
    docs.map(({ text }) => {
      const s = gopherQualitySignals(text, c.bullets);
      const failed = gopherQualityVerdict(s, c);
      return {
        [`${P}.word_count`]: s.word_count,
        [`${P}.mean_word_length`]: s.mean_word_length,
        [`${P}.hash_word_ratio`]: s.hash_word_ratio,
        [`${P}.ellipsis_word_ratio`]: s.ellipsis_word_ratio,
        [`${P}.bullet_lines_ratio`]: s.bullet_lines_ratio,
        [`${P}.ellipsis_lines_ratio`]: s.ellipsis_lines_ratio,
        [`${P}.non_alpha_words_ratio`]: s.non_alpha_words_ratio,
        [`${P}.stop_words`]: s.stop_words,
        [`${P}.pass`]: failed === null,
        [`${P}.first_failed_rule`]: failed,
      };
    }),
};
