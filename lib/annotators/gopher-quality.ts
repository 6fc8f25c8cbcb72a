import { z } from "zod";
import { ratio, round, splitLines, splitWords } from "@/lib/annotators/text-utils";
import type { TAnnotator } from "@/lib/annotators/types";

/**
 * Gopher (MassiveText) quality rules, as in datatrove's GopherQualityFilter and DCLM's
 * content filters. Words are whitespace-separated; "symbol words" are words made only of
 * punctuation and are not counted as words for the length rules.
 */
const ZConfig = z.object({
  min_words: z.number().int().min(0).default(50),
  max_words: z.number().int().min(1).default(100_000),
  min_mean_word_length: z.number().min(0).default(3),
  max_mean_word_length: z.number().min(0).default(10),
  max_symbol_word_ratio: z.number().min(0).default(0.1),
  max_bullet_lines_ratio: z.number().min(0).max(1).default(0.9),
  max_ellipsis_lines_ratio: z.number().min(0).max(1).default(0.3),
  min_alpha_words_ratio: z.number().min(0).max(1).default(0.8),
  min_stop_words: z.number().int().min(0).default(2),
});
type TConfig = z.infer<typeof ZConfig>;

export const GOPHER_STOP_WORDS = new Set(["the", "be", "to", "of", "and", "that", "have", "with"]);
const EDGE_PUNCT = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu;
const ONLY_PUNCT = /^[\p{P}\p{S}]+$/u;
const HAS_ALPHA = /\p{L}/u;
const BULLET_START = /^\s*[•●‣◦⁃∙*\-–]/;
const ELLIPSIS_END = /(\.\.\.|…|\. \. \.)\s*$/;

const count = (text: string, needle: string): number => {
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
};

export const gopherQualitySignals = (text: string) => {
  const words = splitWords(text);
  const real = words.filter((w) => !ONLY_PUNCT.test(w));
  const lines = splitLines(text).filter((l) => l.trim() !== "");
  const meanLen = ratio(
    real.reduce((a, w) => a + w.length, 0),
    real.length,
  );
  let stop = 0;
  let alpha = 0;
  for (const w of words) {
    if (HAS_ALPHA.test(w)) alpha++;
    if (GOPHER_STOP_WORDS.has(w.toLowerCase().replace(EDGE_PUNCT, ""))) stop++;
  }
  return {
    word_count: real.length,
    mean_word_length: round(meanLen, 4),
    hash_word_ratio: round(ratio(count(text, "#"), words.length), 4),
    ellipsis_word_ratio: round(ratio(count(text, "...") + count(text, "…"), words.length), 4),
    bullet_lines_ratio: round(ratio(lines.filter((l) => BULLET_START.test(l)).length, lines.length), 4),
    ellipsis_lines_ratio: round(ratio(lines.filter((l) => ELLIPSIS_END.test(l)).length, lines.length), 4),
    alpha_words_ratio: round(ratio(alpha, words.length), 4),
    stop_words: stop,
  };
};

/** The first rule the signals break, in datatrove's order; null when the document passes. */
export const gopherQualityVerdict = (s: ReturnType<typeof gopherQualitySignals>, c: TConfig): string | null => {
  if (s.word_count < c.min_words) return "too_few_words";
  if (s.word_count > c.max_words) return "too_many_words";
  if (s.mean_word_length < c.min_mean_word_length) return "mean_word_length_too_short";
  if (s.mean_word_length > c.max_mean_word_length) return "mean_word_length_too_long";
  if (s.hash_word_ratio > c.max_symbol_word_ratio) return "too_many_hashes";
  if (s.ellipsis_word_ratio > c.max_symbol_word_ratio) return "too_many_ellipses";
  if (s.bullet_lines_ratio > c.max_bullet_lines_ratio) return "too_many_bullet_lines";
  if (s.ellipsis_lines_ratio > c.max_ellipsis_lines_ratio) return "too_many_ellipsis_lines";
  if (s.alpha_words_ratio < c.min_alpha_words_ratio) return "too_few_alphabetic_words";
  if (s.stop_words < c.min_stop_words) return "too_few_stop_words";
  return null;
};

const P = "gopher_quality";

export const gopherQualityAnnotator: TAnnotator<TConfig> = {
  id: P,
  version: "1",
  title: "Gopher quality rules",
  description: "MassiveText/Gopher document-quality heuristics (word count, word length, symbols, bullets, ellipses, alphabetic words, stop words).",
  configSchema: ZConfig,
  columns: () => [
    { name: `${P}.word_count`, type: "BIGINT", description: "Words (whitespace-separated, excluding punctuation-only tokens)" },
    { name: `${P}.mean_word_length`, type: "DOUBLE", description: "Mean word length in characters" },
    { name: `${P}.hash_word_ratio`, type: "DOUBLE", description: "'#' characters per word", better: "lower" },
    { name: `${P}.ellipsis_word_ratio`, type: "DOUBLE", description: "Ellipses per word", better: "lower" },
    { name: `${P}.bullet_lines_ratio`, type: "DOUBLE", description: "Share of lines starting with a bullet", better: "lower" },
    { name: `${P}.ellipsis_lines_ratio`, type: "DOUBLE", description: "Share of lines ending with an ellipsis", better: "lower" },
    { name: `${P}.alpha_words_ratio`, type: "DOUBLE", description: "Share of words with at least one letter", better: "higher" },
    { name: `${P}.stop_words`, type: "BIGINT", description: "English stop words (the, be, to, of, and, that, have, with)", better: "higher" },
    { name: `${P}.pass`, type: "BOOLEAN", description: "Passes every Gopher quality rule", better: "higher" },
    { name: `${P}.first_failed_rule`, type: "VARCHAR", description: "The first rule the document breaks" },
  ],
  annotate: (docs, c) =>
    docs.map(({ text }) => {
      const s = gopherQualitySignals(text);
      const failed = gopherQualityVerdict(s, c);
      const row: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s)) row[`${P}.${k}`] = v;
      row[`${P}.pass`] = failed === null;
      row[`${P}.first_failed_rule`] = failed;
      return row;
    }),
};
