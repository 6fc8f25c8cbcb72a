import { z } from "zod";
import type { TAnnotator, TColumnSpec } from "@/lib/annotators/types";
import { ratio } from "@/lib/annotators/text-utils";
import * as rulePresets from "@/lib/annotators/rule-presets";
import { resolveThresholds, tokenizerOf, zPreset, zThreshold } from "@/lib/annotators/rule-presets";
import * as pyUnicode from "@/lib/text/py-unicode";

// Module-local copies: under tsx/esbuild every imported binding is a getter, too slow for hot loops.
const { datatroveWords, DT_TERMINAL_PUNCTUATION } = rulePresets;
const { pyLen, pyStrip } = pyUnicode;

/**
 * FineWeb's own quality rules (datatrove's FineWebQualityFilter), with the definitions of the
 * chosen preset (DCLM has no such step, so there is no `dclm` preset here):
 * - lines are `text.split("\n")` as is (a "\r" stays part of its line); `datatrove` (main, the
 *   FineWeb-2 revision) keeps only non-blank lines (`line.strip() != ""`), `fineweb` (v0.3, as FineWeb
 *   was built) keeps every line;
 * - line_punct_ratio = lines whose last character is terminal punctuation / lines (main: datatrove's
 *   TERMINAL_PUNCTUATION set; v0.3: . ' " ! ?); fails when < the min (v0.3: ≤), unless it is 0 and
 *   exclude_zero_punct;
 * - short_line_ratio = lines of ≤ short_line_length characters / lines; fails when > the max (v0.3: ≥);
 * - char_dup_ratio = characters of non-blank lines equal to an earlier non-blank line (whitespace-only
 *   lines are blank) / characters of the text without "\n"; fails when > the max (v0.3: ≥);
 * - newline_ratio = "\n" count / word tokens (spaCy for main, NLTK for v0.3); fails when > the max.
 * A text without any non-blank line fails ("empty") in main.
 */
const ZConfig = z.object({
  preset: zPreset(["datatrove", "fineweb"] as const),
  min_line_punct_ratio: zThreshold(0, 1),
  exclude_zero_punct: z.boolean().default(false),
  max_short_line_ratio: zThreshold(0, 1),
  short_line_length: zThreshold(0),
  max_char_dup_ratio: zThreshold(0, 1),
  max_newline_ratio: zThreshold(0),
});
export type TFinewebConfig = z.infer<typeof ZConfig>;
type TThresholdKey = "min_line_punct_ratio" | "max_short_line_ratio" | "short_line_length" | "max_char_dup_ratio" | "max_newline_ratio";
export type TFinewebThresholds = Record<TThresholdKey, number>;
type TFinewebPreset = TFinewebConfig["preset"];

const FINEWEB_THRESHOLDS: TFinewebThresholds = { min_line_punct_ratio: 0.12, max_short_line_ratio: 0.67, short_line_length: 30, max_char_dup_ratio: 0.01, max_newline_ratio: 0.3 };
export const FINEWEB_PRESETS: Record<TFinewebPreset, TFinewebThresholds> = { datatrove: FINEWEB_THRESHOLDS, fineweb: FINEWEB_THRESHOLDS };

export type TFinewebSignals = { lines: number; line_punct_ratio: number; short_line_ratio: number; char_dup_ratio: number; newline_ratio: number };

const V03_STOP = new Set([".", "'", '"', "!", "?"]);
const lastCodePoint = (s: string): string => {
  if (s.length === 0) return "";
  const c = s.charCodeAt(s.length - 1);
  return (c & 0xfc00) === 0xdc00 && s.length > 1 ? s.slice(-2) : s.slice(-1);
};

export const finewebSignals = (text: string, preset: TFinewebPreset = "datatrove", shortLineLength = 30): TFinewebSignals => {
  const all = text.split("\n");
  const nonEmpty = all.filter((l) => pyStrip(l) !== "");
  const lines = preset === "datatrove" ? nonEmpty : all;
  const stop = preset === "datatrove" ? DT_TERMINAL_PUNCTUATION : V03_STOP;
  let punct = 0;
  let short = 0;
  for (const l of lines) {
    if (stop.has(lastCodePoint(l))) punct++;
    if (pyLen(l) <= shortLineLength) short++;
  }
  const seen = new Set<string>();
  let dupChars = 0;
  for (const l of nonEmpty) {
    if (seen.has(l)) dupChars += pyLen(l);
    else seen.add(l);
  }
  const newlines = all.length - 1;
  const words = datatroveWords(text, tokenizerOf(preset));
  return {
    lines: lines.length,
    line_punct_ratio: ratio(punct, lines.length),
    short_line_ratio: ratio(short, lines.length),
    char_dup_ratio: ratio(dupChars, pyLen(text) - newlines),
    newline_ratio: ratio(newlines, words.length),
  };
};

export const resolveFineweb = (c: TFinewebConfig): TFinewebThresholds & { preset: TFinewebPreset; exclude_zero_punct: boolean } => ({
  preset: c.preset,
  exclude_zero_punct: c.exclude_zero_punct,
  ...resolveThresholds<TThresholdKey>(c, FINEWEB_PRESETS[c.preset]),
});

/** The first rule broken (its config key, in datatrove's order), "empty", or null when the document passes. */
export const finewebVerdict = (s: TFinewebSignals, c: TFinewebThresholds & { preset: TFinewebPreset; exclude_zero_punct: boolean }): string | null => {
  const excused = s.line_punct_ratio === 0 && c.exclude_zero_punct;
  if (c.preset === "datatrove") {
    if (s.lines === 0) return "empty";
    if (s.line_punct_ratio < c.min_line_punct_ratio && !excused) return "min_line_punct_ratio";
    if (s.short_line_ratio > c.max_short_line_ratio) return "max_short_line_ratio";
    if (s.char_dup_ratio > c.max_char_dup_ratio) return "max_char_dup_ratio";
  } else {
    if (s.line_punct_ratio <= c.min_line_punct_ratio && !excused) return "min_line_punct_ratio";
    if (s.short_line_ratio >= c.max_short_line_ratio) return "max_short_line_ratio";
    if (s.char_dup_ratio >= c.max_char_dup_ratio) return "max_char_dup_ratio";
  }
  if (s.newline_ratio > c.max_newline_ratio) return "max_newline_ratio";
  return null;
};

const P = "fineweb";

export const finewebAnnotator: TAnnotator<TFinewebConfig> = {
  id: P,
  version: "3",
  title: "FineWeb rules",
  description:
    "FineWeb's filters: share of lines ending in punctuation, short lines, characters in duplicated lines, newlines per word. Presets: datatrove (default, FineWeb-2 revision) and fineweb (datatrove v0.3, as FineWeb was built).",
  configSchema: ZConfig,
  columns: (): TColumnSpec[] => [
    { name: `${P}.line_punct_ratio`, type: "DOUBLE", description: "Share of lines ending with terminal punctuation", better: "higher" },
    { name: `${P}.short_line_ratio`, type: "DOUBLE", description: "Share of short lines (at most short_line_length characters)", better: "lower" },
    { name: `${P}.char_dup_ratio`, type: "DOUBLE", description: "Characters in non-blank lines repeating an earlier line, as a share of all characters but newlines", better: "lower" },
    { name: `${P}.newline_ratio`, type: "DOUBLE", description: "Newlines per word token", better: "lower" },
    { name: `${P}.pass`, type: "BOOLEAN", description: "Passes every FineWeb rule", better: "higher" },
    { name: `${P}.first_failed_rule`, type: "VARCHAR", description: "The first threshold the document breaks (its config key), or 'empty'; null when it passes" },
  ],
  annotate: (docs, config) => {
    const c = resolveFineweb(config);
    return docs.map(({ text }) => {
      const s = finewebSignals(text, c.preset, c.short_line_length);
      const failed = finewebVerdict(s, c);
      return {
        [`${P}.line_punct_ratio`]: s.line_punct_ratio,
        [`${P}.short_line_ratio`]: s.short_line_ratio,
        [`${P}.char_dup_ratio`]: s.char_dup_ratio,
        [`${P}.newline_ratio`]: s.newline_ratio,
        [`${P}.pass`]: failed === null,
        [`${P}.first_failed_rule`]: failed,
      };
    });
  },
};
