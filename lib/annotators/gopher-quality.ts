import { z } from "zod";
import type { TAnnotator, TColumnSpec } from "@/lib/annotators/types";
import { ratio } from "@/lib/annotators/text-utils";
import * as rulePresets from "@/lib/annotators/rule-presets";
import { resolveThresholds, tokenizerOf, zPreset, zThreshold, type TRulePreset } from "@/lib/annotators/rule-presets";
import * as pyUnicode from "@/lib/text/py-unicode";

// Module-local copies: under tsx/esbuild every imported binding is a getter, too slow for hot loops.
const { datatroveWords, pyCount, wordInfo } = rulePresets;
const { firstIsPyAlnum, pyLstrip, pyRstrip, pySplitLines, pySplitWhitespace, pyStrip } = pyUnicode;

/**
 * Gopher (MassiveText) quality rules, with the definitions of the chosen preset
 * (docs/annotators.md has one line per statistic and preset):
 * - `datatrove` / `fineweb`: datatrove's GopherQualityFilter. Words are the English word tokens
 *   (spaCy for datatrove main, NLTK for v0.3), stripped; "non-symbol" words contain a character
 *   outside datatrove's punctuation set; word_count and mean_word_length are over non-symbol words,
 *   the '#' / ellipsis / alphabetic ratios over all words; lines are `str.splitlines()`, blank ones
 *   included; stop words are exact-case tokens (distinct ones in main, every occurrence in v0.3).
 * - `dclm`: DCLM-baseline's page filters (page_length, word_length, symbol_ratio, bullet_count,
 *   ellipsis_count, alphabetic_word_ratio, stop_word): words for the count are fastText tokens whose
 *   first character is alphanumeric; everything else is over whitespace tokens (`str.split()`);
 *   '#' and ellipses ("...", ". . .", "…") form one symbol ratio (reported as hash_word_ratio; DCLM
 *   has no separate ellipsis-per-word rule); lines are split on "\n", stripped, blank ones dropped;
 *   stop words are whitespace tokens equal to one, case-insensitively.
 */
const ZConfig = z.object({
  preset: zPreset(["datatrove", "fineweb", "dclm"] as const),
  min_words: zThreshold(),
  max_words: zThreshold(),
  min_mean_word_length: zThreshold(),
  max_mean_word_length: zThreshold(),
  max_hash_word_ratio: zThreshold(),
  max_ellipsis_word_ratio: zThreshold(),
  max_bullet_lines_ratio: zThreshold(0, 1),
  max_ellipsis_lines_ratio: zThreshold(0, 1),
  max_non_alpha_words_ratio: zThreshold(0, 1),
  min_stop_words: zThreshold(),
});
export type TGopherQualityConfig = z.infer<typeof ZConfig>;
type TThresholdKey = Exclude<keyof TGopherQualityConfig, "preset">;
export type TGopherQualityThresholds = Record<TThresholdKey, number>;

/** Gopher's published thresholds, the same in the three presets (they differ in definitions). */
const GOPHER_THRESHOLDS: TGopherQualityThresholds = {
  min_words: 50,
  max_words: 100_000,
  min_mean_word_length: 3,
  max_mean_word_length: 10,
  max_hash_word_ratio: 0.1,
  max_ellipsis_word_ratio: 0.1,
  max_bullet_lines_ratio: 0.9,
  max_ellipsis_lines_ratio: 0.3,
  max_non_alpha_words_ratio: 0.2,
  min_stop_words: 2,
};
export const GOPHER_QUALITY_PRESETS: Record<TRulePreset, TGopherQualityThresholds> = { datatrove: GOPHER_THRESHOLDS, fineweb: GOPHER_THRESHOLDS, dclm: GOPHER_THRESHOLDS };

export const GOPHER_STOP_WORDS = ["the", "be", "to", "of", "and", "that", "have", "with"] as const;
const STOP = new Set<string>(GOPHER_STOP_WORDS);

export type TGopherQualitySignals = {
  word_count: number;
  mean_word_length: number;
  hash_word_ratio: number;
  ellipsis_word_ratio: number;
  bullet_lines_ratio: number;
  ellipsis_lines_ratio: number;
  non_alpha_words_ratio: number;
  stop_words: number;
  /** What the comparisons need exactly (integers), not only the ratios. */
  raw: { words: number; alpha: number; hashes: number; ellipses: number; lines: number; bullets: number; ellipsisLines: number };
};

/** datatrove's GopherQualityFilter statistics (main: spaCy words, distinct stop words; v0.3: NLTK words, every occurrence). */
const datatroveSignals = (text: string, preset: "datatrove" | "fineweb"): TGopherQualitySignals => {
  const words = datatroveWords(text, tokenizerOf(preset));
  let nonSymbol = 0;
  let nonSymbolChars = 0;
  let alpha = 0;
  let stop = 0;
  const stopSeen = new Set<string>();
  for (const w of words) {
    const info = wordInfo(w);
    if (info.nonPunct) {
      nonSymbol++;
      nonSymbolChars += info.len;
    }
    if (info.alpha) alpha++;
    if (STOP.has(w)) {
      if (preset === "fineweb") stop++;
      else if (!stopSeen.has(w)) {
        stopSeen.add(w);
        stop++;
      }
    }
  }
  const lines = pySplitLines(text);
  let bullets = 0;
  let ellipsisLines = 0;
  for (const line of lines) {
    const l = pyLstrip(line);
    if (l.startsWith("•") || l.startsWith("-")) bullets++;
    const r = pyRstrip(line);
    if (r.endsWith("...") || r.endsWith("…")) ellipsisLines++;
  }
  const hashes = pyCount(text, "#");
  const ellipses = pyCount(text, "...") + pyCount(text, "…");
  const n = words.length;
  return {
    word_count: nonSymbol,
    mean_word_length: ratio(nonSymbolChars, nonSymbol),
    hash_word_ratio: ratio(hashes, n),
    ellipsis_word_ratio: ratio(ellipses, n),
    bullet_lines_ratio: ratio(bullets, lines.length),
    ellipsis_lines_ratio: ratio(ellipsisLines, lines.length),
    non_alpha_words_ratio: ratio(n - alpha, n),
    stop_words: stop,
    raw: { words: n, alpha, hashes, ellipses, lines: lines.length, bullets, ellipsisLines },
  };
};

/** fastText's tokens (split on the bytes " \n\r\t\v\f\0"; "\n" is the token "</s>"), counted when their first character is alphanumeric. */
const FASTTEXT_TOKEN = /[^ \n\r\t\x0b\x0c\x00]+/g;
export const dclmWordCount = (text: string): number => {
  let n = 0;
  FASTTEXT_TOKEN.lastIndex = 0;
  for (let m = FASTTEXT_TOKEN.exec(text); m !== null; m = FASTTEXT_TOKEN.exec(text)) if (firstIsPyAlnum(m[0])) n++;
  return n;
};

const DCLM_BULLETS = ["●", "•", "*", "-"];
const DCLM_ELLIPSES = ["...", ". . .", "…"];

/** DCLM-baseline's page-filter statistics. */
const dclmSignals = (text: string): TGopherQualitySignals => {
  const split = pySplitWhitespace(text);
  let chars = 0;
  let alpha = 0;
  let stop = 0;
  for (const w of split) {
    const info = wordInfo(w);
    chars += info.len;
    if (info.alpha) alpha++;
    if (STOP.has(w.toLowerCase())) stop++;
  }
  const lines = text
    .split("\n")
    .map(pyStrip)
    .filter((l) => l.length > 0);
  let bullets = 0;
  let ellipsisLines = 0;
  for (const l of lines) {
    if (DCLM_BULLETS.some((b) => l.startsWith(b))) bullets++;
    if (DCLM_ELLIPSES.some((e) => l.endsWith(e))) ellipsisLines++;
  }
  const hashes = pyCount(text, "#");
  const ellipses = pyCount(text, "...") + pyCount(text, ". . .") + pyCount(text, "…");
  const n = split.length;
  return {
    word_count: dclmWordCount(text),
    mean_word_length: ratio(chars, n),
    hash_word_ratio: ratio(hashes + ellipses, n),
    ellipsis_word_ratio: ratio(ellipses, n),
    bullet_lines_ratio: ratio(bullets, lines.length),
    ellipsis_lines_ratio: ratio(ellipsisLines, lines.length),
    non_alpha_words_ratio: ratio(n - alpha, n),
    stop_words: stop,
    raw: { words: n, alpha, hashes, ellipses, lines: lines.length, bullets, ellipsisLines },
  };
};

export const gopherQualitySignals = (text: string, preset: TRulePreset = "datatrove"): TGopherQualitySignals =>
  preset === "dclm" ? dclmSignals(text) : datatroveSignals(text, preset);

/** The config with every unset threshold taken from its preset. */
export const resolveGopherQuality = (c: TGopherQualityConfig): TGopherQualityThresholds & { preset: TRulePreset } => ({
  preset: c.preset,
  ...resolveThresholds<TThresholdKey>(c, GOPHER_QUALITY_PRESETS[c.preset]),
});

/**
 * The first rule broken (its config key, in the reference's order), or null when the document
 * passes. Comparisons are the reference's own: datatrove compares ratios (strict), DCLM compares
 * counts with threshold × lines and keeps a page with no whitespace word out.
 */
export const gopherQualityVerdict = (s: TGopherQualitySignals, c: TGopherQualityThresholds & { preset: TRulePreset }): string | null => {
  const r = s.raw;
  if (s.word_count < c.min_words) return "min_words";
  if (s.word_count > c.max_words) return "max_words";
  if (c.preset === "dclm") {
    if (r.words === 0) return "min_mean_word_length";
    if (s.mean_word_length < c.min_mean_word_length) return "min_mean_word_length";
    if (s.mean_word_length > c.max_mean_word_length) return "max_mean_word_length";
    if ((r.hashes + r.ellipses) / r.words > c.max_hash_word_ratio) return "max_hash_word_ratio";
    if (r.bullets > c.max_bullet_lines_ratio * r.lines) return "max_bullet_lines_ratio";
    if (r.ellipsisLines > c.max_ellipsis_lines_ratio * r.lines) return "max_ellipsis_lines_ratio";
    if ((r.words - r.alpha) / r.words > c.max_non_alpha_words_ratio) return "max_non_alpha_words_ratio";
    if (s.stop_words < c.min_stop_words) return "min_stop_words";
    return null;
  }
  if (s.mean_word_length < c.min_mean_word_length) return "min_mean_word_length";
  if (s.mean_word_length > c.max_mean_word_length) return "max_mean_word_length";
  if (r.hashes / r.words > c.max_hash_word_ratio) return "max_hash_word_ratio";
  if (r.ellipses / r.words > c.max_ellipsis_word_ratio) return "max_ellipsis_word_ratio";
  if (r.bullets / r.lines > c.max_bullet_lines_ratio) return "max_bullet_lines_ratio";
  if (r.ellipsisLines / r.lines > c.max_ellipsis_lines_ratio) return "max_ellipsis_lines_ratio";
  if (r.alpha / r.words < 1 - c.max_non_alpha_words_ratio) return "max_non_alpha_words_ratio";
  if (s.stop_words < c.min_stop_words) return "min_stop_words";
  return null;
};

const P = "gopher_quality";

export const gopherQualityAnnotator: TAnnotator<TGopherQualityConfig> = {
  id: P,
  version: "3",
  title: "Gopher quality rules",
  description:
    "MassiveText/Gopher document-quality heuristics: word count, mean word length, '#' and ellipsis per word, bullet and ellipsis lines, words without letters, stop words. Presets: datatrove (default), fineweb (datatrove v0.3), dclm.",
  configSchema: ZConfig,
  columns: (): TColumnSpec[] => [
    { name: `${P}.word_count`, type: "BIGINT", description: "Words (datatrove: tokens with a non-punctuation character; dclm: fastText tokens starting with a letter or digit)" },
    { name: `${P}.mean_word_length`, type: "DOUBLE", description: "Mean word length in characters (datatrove: over the counted words; dclm: over whitespace tokens)" },
    { name: `${P}.hash_word_ratio`, type: "DOUBLE", description: "'#' per word (dclm: '#' and ellipses per whitespace token)", better: "lower" },
    { name: `${P}.ellipsis_word_ratio`, type: "DOUBLE", description: "Ellipses per word", better: "lower" },
    { name: `${P}.bullet_lines_ratio`, type: "DOUBLE", description: "Share of lines starting with a bullet", better: "lower" },
    { name: `${P}.ellipsis_lines_ratio`, type: "DOUBLE", description: "Share of lines ending with an ellipsis", better: "lower" },
    { name: `${P}.non_alpha_words_ratio`, type: "DOUBLE", description: "Share of words without any letter", better: "lower" },
    { name: `${P}.stop_words`, type: "BIGINT", description: "Stop words (the, be, to, of, and, that, have, with) as the preset counts them", better: "higher" },
    { name: `${P}.pass`, type: "BOOLEAN", description: "Passes every Gopher quality rule", better: "higher" },
    { name: `${P}.first_failed_rule`, type: "VARCHAR", description: "The first threshold the document breaks (its config key); null when it passes" },
  ],
  annotate: (docs, config) => {
    const c = resolveGopherQuality(config);
    return docs.map(({ text }) => {
      const s = gopherQualitySignals(text, c.preset);
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
    });
  },
};
