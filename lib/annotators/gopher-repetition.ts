import { z } from "zod";
import type { TAnnotator, TColumnSpec } from "@/lib/annotators/types";
import * as tu from "@/lib/annotators/text-utils";
import { datatroveWords, resolveThresholds, tokenizerOf, zPreset, zThreshold, type TRulePreset } from "@/lib/annotators/rule-presets";
import { DocumentWordIds } from "@/lib/annotators/word-ids";
import { pyLen, pyStrip } from "@/lib/text/py-unicode";

// Module-local copies: under tsx/esbuild every imported binding is a getter, too slow for hot loops.
const { codePointLength, ensureCapacity, fmix32, hashedWords, HashCounter, hasSurrogates, normalizeNewlines, ratio, segmentRanges } = tu;

/**
 * Gopher (MassiveText) repetition rules, with the definitions of the chosen preset
 * (docs/annotators.md has one line per statistic and preset):
 * - `datatrove` / `fineweb` (datatrove's GopherRepetitionFilter; words by spaCy / NLTK):
 *   paragraphs = `text.strip()` split on "\n\n+", lines = `text` split on "\n+" (empty pieces kept);
 *   a segment counts as duplicated from its second occurrence on; count fraction = duplicates /
 *   segments, char fraction = their characters / len(text). Top 2/3/4-gram: the n-grams are the
 *   words joined by " ", the most frequent one (the first seen among ties, even when it occurs once)
 *   × its count / len(text). Duplicated 5…10-grams: a greedy scan over words joined without
 *   separator: an n-gram seen before adds its characters and the scan jumps n words; / len(text).
 *   Checks in datatrove's order: paragraphs first, then lines, top n-grams, duplicated n-grams.
 * - `dclm` (DCLM's massive_web_repetition_filters): segments = lines ("\n") or paragraphs
 *   ("\n\n"), stripped, empty ones dropped ("\r\n" counts as "\n"); count fraction = Σ count
 *   over segments occurring more than once (every occurrence, the first included) / segments; char
 *   fraction = Σ length × count over those / total length of all segments; n-gram words are UAX #29
 *   word segments starting with a letter or digit, fractions over Σ word lengths; top n-gram: the
 *   longest among the most frequent (0 when none repeats); duplicated n-grams: characters of the
 *   union of word positions covered by any repeated n-gram. Lines are checked before paragraphs.
 *   N-grams are hashed (two 32-bit lanes) and counted in a typed-array table.
 * A blank document fails: "empty" under datatrove (which raises a division by zero on it),
 * "max_dup_line_frac" under dclm (its line check rejects a page without lines).
 */
const TOP_N = [2, 3, 4] as const;
const DUP_N = [5, 6, 7, 8, 9, 10] as const;

const ZConfig = z.object({
  preset: zPreset(["datatrove", "fineweb", "dclm"] as const),
  max_dup_line_frac: zThreshold(0, 1),
  max_dup_para_frac: zThreshold(0, 1),
  max_dup_line_char_frac: zThreshold(0, 1),
  max_dup_para_char_frac: zThreshold(0, 1),
  max_top_2gram_char_frac: zThreshold(0, 1),
  max_top_3gram_char_frac: zThreshold(0, 1),
  max_top_4gram_char_frac: zThreshold(0, 1),
  max_dup_5gram_char_frac: zThreshold(0, 1),
  max_dup_6gram_char_frac: zThreshold(0, 1),
  max_dup_7gram_char_frac: zThreshold(0, 1),
  max_dup_8gram_char_frac: zThreshold(0, 1),
  max_dup_9gram_char_frac: zThreshold(0, 1),
  max_dup_10gram_char_frac: zThreshold(0, 1),
  /** Skip the two paragraph rules (for text extraction that does not keep blank lines). */
  skip_paragraph: z.boolean().default(false),
});
export type TGopherRepetitionConfig = z.infer<typeof ZConfig>;
type TThresholdKey = Exclude<keyof TGopherRepetitionConfig, "preset" | "skip_paragraph">;
export type TGopherRepetitionThresholds = Record<TThresholdKey, number>;

/** Gopher's thresholds: the same in datatrove and DCLM. */
const GOPHER_THRESHOLDS: TGopherRepetitionThresholds = {
  max_dup_line_frac: 0.3,
  max_dup_para_frac: 0.3,
  max_dup_line_char_frac: 0.2,
  max_dup_para_char_frac: 0.2,
  max_top_2gram_char_frac: 0.2,
  max_top_3gram_char_frac: 0.18,
  max_top_4gram_char_frac: 0.16,
  max_dup_5gram_char_frac: 0.15,
  max_dup_6gram_char_frac: 0.14,
  max_dup_7gram_char_frac: 0.13,
  max_dup_8gram_char_frac: 0.12,
  max_dup_9gram_char_frac: 0.11,
  max_dup_10gram_char_frac: 0.1,
};
export const GOPHER_REPETITION_PRESETS: Record<TRulePreset, TGopherRepetitionThresholds> = { datatrove: GOPHER_THRESHOLDS, fineweb: GOPHER_THRESHOLDS, dclm: GOPHER_THRESHOLDS };

export type TGopherRepetitionSignals = {
  dup_line_frac: number;
  dup_para_frac: number;
  dup_line_char_frac: number;
  dup_para_char_frac: number;
  top_2gram_char_frac: number;
  top_3gram_char_frac: number;
  top_4gram_char_frac: number;
  dup_5gram_char_frac: number;
  dup_6gram_char_frac: number;
  dup_7gram_char_frac: number;
  dup_8gram_char_frac: number;
  dup_9gram_char_frac: number;
  dup_10gram_char_frac: number;
};
type TSignal = keyof TGopherRepetitionSignals;

const NGRAM_RULES: [TSignal, TThresholdKey][] = [
  ...TOP_N.map((n): [TSignal, TThresholdKey] => [`top_${n}gram_char_frac`, `max_top_${n}gram_char_frac`]),
  ...DUP_N.map((n): [TSignal, TThresholdKey] => [`dup_${n}gram_char_frac`, `max_dup_${n}gram_char_frac`]),
];
/** DCLM's order of checks: signal → its threshold. */
const RULES: [TSignal, TThresholdKey][] = [
  ["dup_line_frac", "max_dup_line_frac"],
  ["dup_para_frac", "max_dup_para_frac"],
  ["dup_line_char_frac", "max_dup_line_char_frac"],
  ["dup_para_char_frac", "max_dup_para_char_frac"],
  ...NGRAM_RULES,
];
/** datatrove's order: paragraphs before lines. */
const DATATROVE_RULES: [TSignal, TThresholdKey][] = [
  ["dup_para_frac", "max_dup_para_frac"],
  ["dup_para_char_frac", "max_dup_para_char_frac"],
  ["dup_line_frac", "max_dup_line_frac"],
  ["dup_line_char_frac", "max_dup_line_char_frac"],
  ...NGRAM_RULES,
];

const counter = new HashCounter();

/**
 * Repeated segments (count fraction and char fraction) of `[start, end)` ranges of `text`. Lines
 * and paragraphs are few per document: they are counted in a Map by their text (V8 hashes the
 * sliced strings natively, faster than hashing them in JS, and exact).
 */
export const segmentRepetition = (text: string, ranges: number[], surrogates = hasSurrogates(text)): { segments: number; countFrac: number; charFrac: number } => {
  const segments = ranges.length / 2;
  if (segments < 2) return { segments, countFrac: 0, charFrac: 0 };
  const counts = new Map<string, number>();
  let total = 0;
  for (let k = 0; k < ranges.length; k += 2) {
    const seg = text.slice(ranges[k], ranges[k + 1]);
    counts.set(seg, (counts.get(seg) ?? 0) + 1);
    total += surrogates ? codePointLength(seg) : seg.length;
  }
  let dupCount = 0;
  let dupChars = 0;
  for (const [seg, c] of counts) {
    if (c > 1) {
      dupCount += c;
      dupChars += (surrogates ? codePointLength(seg) : seg.length) * c;
    }
  }
  return { segments, countFrac: ratio(dupCount, segments), charFrac: ratio(dupChars, total) };
};

let prefA = new Uint32Array(1024);
let prefB = new Uint32Array(1024);
let prefLen = new Float64Array(1024);
let entryAt = new Int32Array(1024);
let repeated = new Uint8Array(1024);
const BASE_A = 0x9e3779b1;
const BASE_B = 0x85ebca77;

/** `base^n mod 2^32`. */
const powImul = (base: number, n: number): number => {
  let r = 1;
  for (let i = 0; i < n; i++) r = Math.imul(r, base);
  return r;
};

/**
 * N-gram signals over hashed words, for n = 2 … 10 in turn.
 * - Word hashes are combined with a polynomial rolling hash (prefix sums mod 2^32, two lanes),
 *   so each n-gram key costs O(1) whatever n is.
 * - An n-gram can only occur twice if the (n-1)-grams at its position and the next one both
 *   occur twice; only those positions are counted for n ≥ 3 (every other n-gram occurs once).
 *   Natural text has few repeated long n-grams, so the passes for n ≥ 4 are nearly free.
 */
const ngramSignals = (text: string, out: TGopherRepetitionSignals): void => {
  const w = hashedWords(text);
  const m = w.count;
  const total = w.totalLength;
  for (const n of [...TOP_N, ...DUP_N]) out[(n <= 4 ? `top_${n}gram_char_frac` : `dup_${n}gram_char_frac`) as TSignal] = 0;
  if (m < 2 || total === 0) return;
  prefA = ensureCapacity(prefA, m + 1, (k) => new Uint32Array(k));
  prefB = ensureCapacity(prefB, m + 1, (k) => new Uint32Array(k));
  prefLen = ensureCapacity(prefLen, m + 1, (k) => new Float64Array(k));
  entryAt = ensureCapacity(entryAt, m, (k) => new Int32Array(k));
  if (repeated.length < m + 1) repeated = new Uint8Array(Math.max(m + 1, repeated.length * 2));
  prefA[0] = 0;
  prefB[0] = 0;
  prefLen[0] = 0;
  for (let i = 0; i < m; i++) {
    prefA[i + 1] = (Math.imul(prefA[i], BASE_A) + w.hashA[i]) >>> 0;
    prefB[i + 1] = (Math.imul(prefB[i], BASE_B) + w.hashB[i]) >>> 0;
    prefLen[i + 1] = prefLen[i] + w.length[i];
  }
  // repeated[i]: the (n-1)-gram at i occurs more than once (for n = 2: every unigram may).
  repeated.fill(1, 0, m);
  repeated[m] = 0;
  for (let n = 2; n <= 10; n++) {
    const positions = m - n + 1;
    if (positions <= 0) break;
    const powA = powImul(BASE_A, n);
    const powB = powImul(BASE_B, n);
    counter.reset();
    let best = 1;
    for (let i = 0; i < positions; i++) {
      if (n > 2 && !(repeated[i] && repeated[i + 1])) {
        entryAt[i] = -1;
        continue;
      }
      const a = (prefA[i + n] - Math.imul(prefA[i], powA)) >>> 0;
      const b = (prefB[i + n] - Math.imul(prefB[i], powB)) >>> 0;
      const e = counter.add(fmix32(a), b, i);
      entryAt[i] = e;
      const c = counter.counts[e];
      if (c > best) best = c;
    }
    if (best < 2) break; // no repeated n-gram: none longer repeats either
    const counts = counter.counts;
    if (n <= 4) {
      // The most frequent n-gram; among ties, the longest in characters.
      let bestLen = 0;
      for (let e = 0; e < counter.size; e++) {
        if (counts[e] !== best) continue;
        const f = counter.first[e];
        const len = prefLen[f + n] - prefLen[f];
        if (len > bestLen) bestLen = len;
      }
      out[`top_${n}gram_char_frac` as TSignal] = (bestLen * best) / total;
    }
    // Union of word positions covered by repeated n-grams; and `repeated` for n + 1.
    let covered = 0;
    let coveredUntil = 0;
    for (let i = 0; i < positions; i++) {
      const e = entryAt[i];
      const rep = e >= 0 && counts[e] > 1;
      repeated[i] = rep ? 1 : 0;
      if (!rep || n < 5) continue;
      const from = i > coveredUntil ? i : coveredUntil;
      if (i + n > from) covered += prefLen[i + n] - prefLen[from];
      coveredUntil = i + n;
    }
    repeated[positions] = 0;
    if (n >= 5) out[`dup_${n}gram_char_frac` as TSignal] = covered / total;
  }
};

type TRepetitionResult = TGopherRepetitionSignals & { lines: number; empty: boolean };

/** DCLM's massive_web_repetition_filters signals, plus the number of non-blank lines. */
const dclmRepetitionSignals = (rawText: string): TRepetitionResult => {
  const text = normalizeNewlines(rawText);
  const surrogates = hasSurrogates(text);
  const lines = segmentRepetition(text, segmentRanges(text, "\n"), surrogates);
  const paras = segmentRepetition(text, segmentRanges(text, "\n\n"), surrogates);
  const out = {
    lines: lines.segments,
    empty: lines.segments === 0,
    dup_line_frac: lines.countFrac,
    dup_para_frac: paras.countFrac,
    dup_line_char_frac: lines.charFrac,
    dup_para_char_frac: paras.charFrac,
  } as TRepetitionResult;
  ngramSignals(text, out);
  return out;
};

/** datatrove's find_duplicates: segments (and their characters) equal to an earlier one. */
const findDuplicates = (xs: string[]): { count: number; chars: number } => {
  const seen = new Set<string>();
  let count = 0;
  let chars = 0;
  for (const x of xs) {
    if (seen.has(x)) {
      count++;
      chars += pyLen(x);
    } else seen.add(x);
  }
  return { count, chars };
};

/** datatrove's GopherRepetitionFilter signals (words from the preset's tokenizer). */
const datatroveRepetitionSignals = (text: string, preset: "datatrove" | "fineweb"): TRepetitionResult => {
  const L = pyLen(text);
  const paragraphs = pyStrip(text).split(/\n{2,}/);
  const lines = text.split(/\n+/);
  const p = findDuplicates(paragraphs);
  const l = findDuplicates(lines);
  const out = {
    lines: lines.length,
    empty: L === 0,
    dup_para_frac: p.count / paragraphs.length,
    dup_para_char_frac: ratio(p.chars, L),
    dup_line_frac: l.count / lines.length,
    dup_line_char_frac: ratio(l.chars, L),
  } as TRepetitionResult;
  const words = datatroveWords(text, tokenizerOf(preset));
  topNgramSignals(words, L, out);
  dupNgramSignals(words, L, out);
  return out;
};

// Reused per document (grown as needed): word-length prefix sums, rolling-hash prefixes.
let dtLenPrefix = new Float64Array(1024);
let dtPrefA = new Uint32Array(1024);
let dtPrefB = new Uint32Array(1024);
let dtOffsets = new Int32Array(1024);
let dtCharA = new Uint32Array(1024);
let dtCharB = new Uint32Array(1024);
let dtPowA = new Uint32Array([1]);
let dtPowB = new Uint32Array([1]);
const dtCounter = new HashCounter();
const wordIds = new DocumentWordIds();

/** `BASE^k mod 2^32` for k = 0 … n, extended as needed (shared by every document). */
const ensurePowers = (n: number): void => {
  if (dtPowA.length > n) return;
  const size = Math.max(n + 1, dtPowA.length * 2);
  const a = new Uint32Array(size);
  const b = new Uint32Array(size);
  a[0] = 1;
  b[0] = 1;
  for (let k = 1; k < size; k++) {
    a[k] = Math.imul(a[k - 1], BASE_A) >>> 0;
    b[k] = Math.imul(b[k - 1], BASE_B) >>> 0;
  }
  dtPowA = a;
  dtPowB = b;
};

/**
 * Top 2/3/4-grams: n-grams of word ids (" ".join of words without spaces: same words, same n-gram),
 * keyed by a 53-bit rolling hash (32 bits of lane A, 21 of lane B); the first n-gram (by first
 * occurrence) with the highest count. Counted in a typed-array table whose entries keep insertion order.
 */
const topNgramSignals = (words: string[], L: number, out: TGopherRepetitionSignals): void => {
  const m = words.length;
  dtLenPrefix = ensureCapacity(dtLenPrefix, m + 1, (k) => new Float64Array(k));
  dtPrefA = ensureCapacity(dtPrefA, m + 1, (k) => new Uint32Array(k));
  dtPrefB = ensureCapacity(dtPrefB, m + 1, (k) => new Uint32Array(k));
  const lenPrefix = dtLenPrefix;
  const pA = dtPrefA;
  const pB = dtPrefB;
  lenPrefix[0] = 0;
  pA[0] = 0;
  pB[0] = 0;
  wordIds.reset();
  for (let i = 0; i < m; i++) {
    const w = words[i];
    lenPrefix[i + 1] = lenPrefix[i] + codePointLength(w);
    const id = wordIds.idOf(w);
    const wA = fmix32(Math.imul(id + 1, 0x9e3779b1));
    const wB = fmix32(Math.imul(id + 1, 0x85ebca77) ^ 0x5bd1e995);
    pA[i + 1] = (Math.imul(pA[i], BASE_A) + wA) >>> 0;
    pB[i + 1] = (Math.imul(pB[i], BASE_B) + wB) >>> 0;
  }
  for (const n of TOP_N) {
    const powA = powImul(BASE_A, n);
    const powB = powImul(BASE_B, n);
    dtCounter.reset();
    for (let i = 0; i + n <= m; i++) {
      const a = (pA[i + n] - Math.imul(pA[i], powA)) >>> 0;
      const b = (pB[i + n] - Math.imul(pB[i], powB)) >>> 0;
      // fmix32 is a bijection: it spreads the slots without changing which keys are equal.
      dtCounter.add(fmix32(a), b & 0x1fffff, i);
    }
    let bestCount = 0;
    let bestLen = 0;
    const counts = dtCounter.counts;
    for (let e = 0; e < dtCounter.size; e++) {
      const c = counts[e];
      if (c <= bestCount) continue;
      bestCount = c;
      const i = dtCounter.first[e];
      bestLen = lenPrefix[i + n] - lenPrefix[i] + n - 1;
    }
    out[`top_${n}gram_char_frac` as TSignal] = ratio(bestLen * bestCount, L);
  }
};

/**
 * Duplicated 5…10-grams: datatrove joins the words without separator, so n-grams are keyed by a
 * rolling hash of their characters (different splits of the same characters collide, as there).
 * Needs `dtLenPrefix` filled by topNgramSignals for the same words.
 */
const dupNgramSignals = (words: string[], L: number, out: TGopherRepetitionSignals): void => {
  const m = words.length;
  dtOffsets = ensureCapacity(dtOffsets, m + 1, (k) => new Int32Array(k));
  const off = dtOffsets;
  off[0] = 0;
  for (let i = 0; i < m; i++) off[i + 1] = off[i] + words[i].length;
  const J = off[m];
  dtCharA = ensureCapacity(dtCharA, J + 1, (k) => new Uint32Array(k));
  dtCharB = ensureCapacity(dtCharB, J + 1, (k) => new Uint32Array(k));
  ensurePowers(J);
  const cA = dtCharA;
  const cB = dtCharB;
  const powCA = dtPowA;
  const powCB = dtPowB;
  const lenPrefix = dtLenPrefix;
  cA[0] = 0;
  cB[0] = 0;
  let k = 0;
  for (let i = 0; i < m; i++) {
    const w = words[i];
    for (let j = 0; j < w.length; j++, k++) {
      const ch = w.charCodeAt(j);
      cA[k + 1] = (Math.imul(cA[k], BASE_A) + ch + 1) >>> 0;
      cB[k + 1] = (Math.imul(cB[k], BASE_B) + ch + 1) >>> 0;
    }
  }
  for (const n of DUP_N) {
    dtCounter.reset();
    let repeatedChars = 0;
    let i = 0;
    while (i < m - n + 1) {
      const s0 = off[i];
      const e0 = off[i + n];
      const len = e0 - s0;
      const a = (cA[e0] - Math.imul(cA[s0], powCA[len])) >>> 0;
      const b = (cB[e0] - Math.imul(cB[s0], powCB[len])) >>> 0;
      const e = dtCounter.add(fmix32((a ^ Math.imul(len, 0x27d4eb2d)) >>> 0), b & 0x1fffff, i);
      if (dtCounter.counts[e] > 1) {
        repeatedChars += lenPrefix[i + n] - lenPrefix[i];
        i += n;
      } else i++;
    }
    out[`dup_${n}gram_char_frac` as TSignal] = ratio(repeatedChars, L);
  }
};

/** Every repetition signal of a text under the preset's definitions. */
export const gopherRepetitionSignals = (text: string, preset: TRulePreset = "datatrove"): TRepetitionResult =>
  preset === "dclm" ? dclmRepetitionSignals(text) : datatroveRepetitionSignals(text, preset);

export const resolveGopherRepetition = (c: TGopherRepetitionConfig): TGopherRepetitionThresholds & { preset: TRulePreset; skip_paragraph: boolean } => ({
  preset: c.preset,
  skip_paragraph: c.skip_paragraph,
  ...resolveThresholds<TThresholdKey>(c, GOPHER_REPETITION_PRESETS[c.preset]),
});

/** The first rule broken (its config key, in the preset's order), "empty" for a blank text, or null. */
export const gopherRepetitionVerdict = (s: TRepetitionResult, c: TGopherRepetitionThresholds & { preset: TRulePreset; skip_paragraph: boolean }): string | null => {
  // DCLM's first check (duplicate lines) rejects a page without any non-blank line.
  if (s.empty) return c.preset === "dclm" ? "max_dup_line_frac" : "empty";
  for (const [signal, limit] of c.preset === "dclm" ? RULES : DATATROVE_RULES) {
    if (c.skip_paragraph && signal.includes("para")) continue;
    if (s[signal] > c[limit]) return limit;
  }
  return null;
};

const P = "gopher_repetition";

const describe = (signal: TSignal): string => {
  const m = signal.match(/^(top|dup)_(\d+)gram_char_frac$/);
  if (m) {
    return m[1] === "top"
      ? `Characters of the most frequent ${m[2]}-gram × its count, as a share of all word characters (0 when none repeats; overlapping repeats can exceed 1)`
      : `Characters of words covered by ${m[2]}-grams that occur more than once, as a share of all word characters`;
  }
  const what = signal.includes("para") ? "paragraphs" : "lines";
  return signal.includes("char")
    ? `Characters in ${what} that occur more than once (every occurrence), as a share of the characters of all ${what}`
    : `Share of ${what} that occur more than once (every occurrence counted)`;
};

export const gopherRepetitionAnnotator: TAnnotator<TGopherRepetitionConfig> = {
  id: P,
  version: "3",
  title: "Gopher repetition rules",
  description:
    "Duplicate lines and paragraphs, most frequent 2–4-grams and duplicated 5–10-grams (Gopher/MassiveText). Presets: datatrove (default), fineweb (datatrove v0.3), dclm (massive_web_repetition_filters).",
  configSchema: ZConfig,
  columns: (): TColumnSpec[] => [
    ...RULES.map(([signal]): TColumnSpec => ({ name: `${P}.${signal}`, type: "DOUBLE", description: describe(signal), better: "lower" })),
    { name: `${P}.pass`, type: "BOOLEAN", description: "Passes every Gopher repetition rule", better: "higher" },
    { name: `${P}.first_failed_rule`, type: "VARCHAR", description: "The first threshold the document breaks (its config key), or 'empty'; null when it passes" },
  ],
  annotate: (docs, config) => {
    const c = resolveGopherRepetition(config);
    return docs.map(({ text }) => {
      const s = gopherRepetitionSignals(text, c.preset);
      const failed = gopherRepetitionVerdict(s, c);
      const row: Record<string, unknown> = {};
      for (const [signal] of RULES) row[`${P}.${signal}`] = s[signal];
      row[`${P}.pass`] = failed === null;
      row[`${P}.first_failed_rule`] = failed;
      return row;
    });
  },
};
