import { z } from "zod";
import { nltkWordTokens } from "@/lib/text/nltk-en";
import * as pyUnicode from "@/lib/text/py-unicode";
import * as spacyEn from "@/lib/text/spacy-en";

// Module-local copies: under tsx/esbuild every imported binding is a getter, too slow for hot loops.
const { pyStrip } = pyUnicode;
const { SENTENCIZER_PUNCT, spacyTokenTexts } = spacyEn;

/**
 * Named presets of the rule annotators (gopher_quality, gopher_repetition, c4, fineweb): each
 * reproduces one reference pipeline's definitions (tokenizer, formulas, line splits, comparisons)
 * and thresholds.
 * - `datatrove`: Hugging Face datatrove main (≥ 0.4), default parameters; English words by spaCy.
 * - `fineweb`: datatrove v0.3.0, the code FineWeb was built with; English words by NLTK.
 * - `dclm`: DCLM-baseline's heuristic steps (mlfoundations/dclm `baselines/`), as its YAML runs them.
 * The default is `datatrove`. docs/annotators.md lists every definition per preset.
 */
export const RULE_PRESETS = ["datatrove", "fineweb", "dclm"] as const;
export type TRulePreset = (typeof RULE_PRESETS)[number];
export const DEFAULT_RULE_PRESET: TRulePreset = "datatrove";

export const PRESET_DESCRIPTIONS: Record<TRulePreset, string> = {
  datatrove: "datatrove main, default parameters (spaCy English words)",
  fineweb: "datatrove v0.3, as FineWeb was built (NLTK English words)",
  dclm: "DCLM-baseline's heuristic steps (baselines/ code and YAML)",
};

/** The `preset` config key: one of `presets` (the annotator's supported ones), `datatrove` by default. */
export const zPreset = <P extends readonly [TRulePreset, ...TRulePreset[]]>(presets: P) =>
  z.enum(presets).default(DEFAULT_RULE_PRESET as P[number]).describe(`Reference pipeline whose definitions and thresholds apply: ${presets.map((p) => `${p} = ${PRESET_DESCRIPTIONS[p]}`).join("; ")}`);

/** A threshold: unset (null) takes the preset's value; a number overrides it. */
export const zThreshold = (min = 0, max?: number) => {
  const n = max === undefined ? z.number().min(min) : z.number().min(min).max(max);
  return n.nullable().default(null).describe("Empty: the preset's value");
};

/** `config` with every null threshold replaced by the preset's value. */
export const resolveThresholds = <K extends string>(config: Partial<Record<K, number | null>>, presetValues: Record<K, number>): Record<K, number> => {
  const out = { ...presetValues };
  for (const k of Object.keys(presetValues) as K[]) {
    const v = config[k];
    if (typeof v === "number") out[k] = v;
  }
  return out;
};

// ---------------------------------------------------------------------------------------------
// datatrove's constants (datatrove/utils/text.py)
// ---------------------------------------------------------------------------------------------
const ctrl = (a: number, b: number): string => String.fromCharCode(...Array.from({ length: b - a }, (_, i) => a + i));
/** datatrove's PUNCTUATION: symbols and control characters (0–8, 11–31, 127–159). */
const DT_PUNCTUATION = "!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_.\"}►»" + ctrl(0, 9) + ctrl(11, 13) + ctrl(13, 32) + ctrl(127, 160);
/** datatrove's TERMINAL_PUNCTUATION: spaCy's sentencizer set plus a few more sentence-final marks. */
export const DT_TERMINAL_PUNCTUATION: ReadonlySet<string> = new Set([
  ...SENTENCIZER_PUNCT,
  ...[0x61d, 0x61e, 0x837, 0x839, 0x83d, 0x83e, 0x17d4, 0x17d5, 0x17d6, 0x17d9, 0x17da, 0x1b7d, 0x1b7e, 0x2e53, 0x2e54].map((c) => String.fromCodePoint(c)),
  ...[0x10f55, 0x10f56, 0x10f57, 0x10f58, 0x10f59, 0x10f86, 0x10f87, 0x10f88, 0x10f89, 0x11944, 0x11946, 0x11ef7, 0x11ef8, 0x11f43, 0x11f44, 0x16e98].map((c) => String.fromCodePoint(c)),
]);
/** PUNCTUATION ∪ TERMINAL_PUNCTUATION, by code point. */
export const DT_PUNCTUATION_SET: ReadonlySet<number> = new Set([...DT_PUNCTUATION, ...DT_TERMINAL_PUNCTUATION].map((c) => c.codePointAt(0)!));

/** Does the word contain a character outside datatrove's punctuation set (a "non-symbol word")? */
export const hasNonPunctuation = (w: string): boolean => {
  for (const ch of w) if (!DT_PUNCTUATION_SET.has(ch.codePointAt(0)!)) return true;
  return false;
};

// ---------------------------------------------------------------------------------------------
// Word tokens, cached: gopher_quality, gopher_repetition and fineweb tokenize the same texts.
// ---------------------------------------------------------------------------------------------
export type TWordTokenizer = "spacy" | "nltk";

/** datatrove's `strip_strings`: stripped tokens, empty ones dropped. */
const stripStrings = (toks: string[]): string[] => {
  const out: string[] = [];
  for (const t of toks) {
    const s = pyStrip(t);
    if (s.length > 0) out.push(s);
  }
  return out;
};

/** Larger than an annotation batch (1000 documents), so every annotator of a batch hits it. */
const CACHE_SIZE = 1100;
const caches: Record<TWordTokenizer, Map<string, string[]>> = { spacy: new Map(), nltk: new Map() };

/** datatrove's `word_tokenize` for English with the preset's tokenizer (spaCy for main, NLTK for v0.3). */
export const datatroveWords = (text: string, tokenizer: TWordTokenizer): string[] => {
  const cache = caches[tokenizer];
  const hit = cache.get(text);
  if (hit) return hit;
  const words = stripStrings(tokenizer === "spacy" ? spacyTokenTexts(text) : nltkWordTokens(text));
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(text, words);
  return words;
};

export const tokenizerOf = (preset: "datatrove" | "fineweb"): TWordTokenizer => (preset === "datatrove" ? "spacy" : "nltk");

/** Python's `text.count(sub)`: non-overlapping occurrences. */
export const pyCount = (text: string, sub: string): number => {
  let n = 0;
  for (let i = text.indexOf(sub); i !== -1; i = text.indexOf(sub, i + sub.length)) n++;
  return n;
};

/** Per word type: length in code points, and whether it has a letter / a non-punctuation character. */
export type TWordInfo = { len: number; alpha: boolean; nonPunct: boolean };
const WORD_INFO = new Map<string, TWordInfo>();
const WORD_INFO_MAX = 500_000;
const LETTER = /\p{L}/u;
/** ASCII codes in datatrove's punctuation set (1) or not (0). */
const ASCII_PUNCTUATION = Uint8Array.from({ length: 128 }, (_, c) => (DT_PUNCTUATION_SET.has(c) ? 1 : 0));
/** Shared info objects for ASCII words shorter than 64 characters: [alpha + 2 × nonPunct][length]. */
const SHARED_INFO_LENGTHS = 64;
const SHARED_ASCII_INFO: TWordInfo[][] = [0, 1, 2, 3].map((f) =>
  Array.from({ length: SHARED_INFO_LENGTHS }, (_, len) => Object.freeze({ len, alpha: (f & 1) === 1, nonPunct: (f & 2) === 2 })),
);
/** An ASCII word's info, computed directly (cheaper than a cache lookup); null for any other word. */
const asciiWordInfo = (w: string): TWordInfo | null => {
  let alpha = false;
  let nonPunct = false;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 128) return null;
    if (ASCII_PUNCTUATION[c] === 0) nonPunct = true;
    const lower = c | 32;
    if (lower >= 97 && lower <= 122) alpha = true;
  }
  const len = w.length;
  return len < SHARED_INFO_LENGTHS ? SHARED_ASCII_INFO[(alpha ? 1 : 0) + (nonPunct ? 2 : 0)][len] : { len, alpha, nonPunct };
};

export const wordInfo = (w: string): TWordInfo => {
  const ascii = asciiWordInfo(w);
  if (ascii) return ascii;
  let info = WORD_INFO.get(w);
  if (!info) {
    let len = 0;
    let nonPunct = false;
    for (const ch of w) {
      len++;
      if (!nonPunct && !DT_PUNCTUATION_SET.has(ch.codePointAt(0)!)) nonPunct = true;
    }
    info = { len, alpha: LETTER.test(w), nonPunct };
    if (WORD_INFO.size >= WORD_INFO_MAX) WORD_INFO.clear();
    WORD_INFO.set(w, info);
  }
  return info;
};
