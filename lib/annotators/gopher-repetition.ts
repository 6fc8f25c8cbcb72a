import { z } from "zod";
import type { TAnnotator, TColumnSpec } from "@/lib/annotators/types";
import * as tu from "@/lib/annotators/text-utils";

// Module-local copies: under tsx/esbuild every imported binding is a getter, too slow for hot loops.
const { codePointLength, ensureCapacity, fmix32, hashedWords, HashCounter, hasSurrogates, normalizeNewlines, ratio, segmentRanges } = tu;

/**
 * Gopher (MassiveText) repetition rules with the definitions and thresholds of DCLM's
 * `massive_web_repetition_filters` (seeds.md §3.2):
 * - segments: lines = split on "\n", paragraphs = split on "\n\n"; each stripped, empty ones dropped
 *   ("\r\n" counts as "\n");
 * - count fraction = Σ count over segments occurring more than once (every occurrence, the first
 *   included) / number of segments;
 * - char fraction = Σ length × count over those segments / total length of all segments;
 * - n-gram words are UAX #29 word segments starting with a letter or digit (punctuation dropped),
 *   and n-gram fractions are over Σ word lengths;
 * - top 2/3/4-gram: length of the most frequent n-gram (the longest among those tied; length =
 *   Σ its word lengths) × its count / total; 0 when no n-gram repeats;
 * - duplicated 5…10-grams: characters of the union of word positions covered by any n-gram that
 *   occurs more than once / total.
 * A document with no non-blank line fails ("empty"). N-grams are hashed (two 32-bit lanes) and
 * counted in a typed-array table; no n-gram strings are built.
 */
const TOP_N = [2, 3, 4] as const;
const DUP_N = [5, 6, 7, 8, 9, 10] as const;

const ZConfig = z.object({
  max_dup_line_frac: z.number().min(0).max(1).default(0.3),
  max_dup_para_frac: z.number().min(0).max(1).default(0.3),
  max_dup_line_char_frac: z.number().min(0).max(1).default(0.2),
  max_dup_para_char_frac: z.number().min(0).max(1).default(0.2),
  max_top_2gram_char_frac: z.number().min(0).max(1).default(0.2),
  max_top_3gram_char_frac: z.number().min(0).max(1).default(0.18),
  max_top_4gram_char_frac: z.number().min(0).max(1).default(0.16),
  max_dup_5gram_char_frac: z.number().min(0).max(1).default(0.15),
  max_dup_6gram_char_frac: z.number().min(0).max(1).default(0.14),
  max_dup_7gram_char_frac: z.number().min(0).max(1).default(0.13),
  max_dup_8gram_char_frac: z.number().min(0).max(1).default(0.12),
  max_dup_9gram_char_frac: z.number().min(0).max(1).default(0.11),
  max_dup_10gram_char_frac: z.number().min(0).max(1).default(0.1),
  /** Skip the two paragraph rules (for text extraction that does not keep blank lines). */
  skip_paragraph: z.boolean().default(false),
});
export type TGopherRepetitionConfig = z.infer<typeof ZConfig>;

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

/** DCLM's order of checks: signal → its threshold. */
const RULES: [TSignal, keyof TGopherRepetitionConfig][] = [
  ["dup_line_frac", "max_dup_line_frac"],
  ["dup_para_frac", "max_dup_para_frac"],
  ["dup_line_char_frac", "max_dup_line_char_frac"],
  ["dup_para_char_frac", "max_dup_para_char_frac"],
  ...TOP_N.map((n): [TSignal, keyof TGopherRepetitionConfig] => [`top_${n}gram_char_frac`, `max_top_${n}gram_char_frac`]),
  ...DUP_N.map((n): [TSignal, keyof TGopherRepetitionConfig] => [`dup_${n}gram_char_frac`, `max_dup_${n}gram_char_frac`]),
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

/** Every repetition signal of a text, plus the number of non-blank lines. */
export const gopherRepetitionSignals = (rawText: string): TGopherRepetitionSignals & { lines: number } => {
  const text = normalizeNewlines(rawText);
  const surrogates = hasSurrogates(text);
  const lines = segmentRepetition(text, segmentRanges(text, "\n"), surrogates);
  const paras = segmentRepetition(text, segmentRanges(text, "\n\n"), surrogates);
  const out = {
    lines: lines.segments,
    dup_line_frac: lines.countFrac,
    dup_para_frac: paras.countFrac,
    dup_line_char_frac: lines.charFrac,
    dup_para_char_frac: paras.charFrac,
  } as TGopherRepetitionSignals & { lines: number };
  ngramSignals(text, out);
  return out;
};

/** The first rule broken (its config key, in DCLM's order), "empty" for a blank text, or null. */
export const gopherRepetitionVerdict = (s: TGopherRepetitionSignals & { lines: number }, c: TGopherRepetitionConfig): string | null => {
  if (s.lines === 0) return "empty";
  for (const [signal, limit] of RULES) {
    if (c.skip_paragraph && signal.includes("para")) continue;
    if (s[signal] > (c[limit] as number)) return limit;
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
  version: "2",
  title: "Gopher repetition rules",
  description:
    "Duplicate lines and paragraphs, most frequent 2–4-grams and duplicated 5–10-grams (Gopher/MassiveText, with DCLM's massive_web_repetition_filters definitions and thresholds).",
  configSchema: ZConfig,
  columns: (): TColumnSpec[] => [
    ...RULES.map(([signal]): TColumnSpec => ({ name: `${P}.${signal}`, type: "DOUBLE", description: describe(signal), better: "lower" })),
    { name: `${P}.pass`, type: "BOOLEAN", description: "Passes every Gopher repetition rule", better: "higher" },
    { name: `${P}.first_failed_rule`, type: "VARCHAR", description: "The first threshold the document breaks (its config key), or 'empty'; null when it passes" },
  ],
  annotate: (docs, c) =>
    docs.map(({ text }) => {
      const s = gopherRepetitionSignals(text);
      const failed = gopherRepetitionVerdict(s, c);
      const row: Record<string, unknown> = {};
      for (const [signal] of RULES) row[`${P}.${signal}`] = s[signal];
      row[`${P}.pass`] = failed === null;
      row[`${P}.first_failed_rule`] = failed;
      return row;
    }),
};
