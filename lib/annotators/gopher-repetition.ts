import { z } from "zod";
import { hash32, ratio, round, splitWords } from "@/lib/annotators/text-utils";
import type { TAnnotator } from "@/lib/annotators/types";

/**
 * Gopher repetition rules (datatrove GopherRepetitionFilter; thresholds as in DCLM's
 * massive_web_repetition_filters). N-grams are hashed to numbers: no n-gram strings are built.
 */
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
});
type TConfig = z.infer<typeof ZConfig>;

const TOP_N = [2, 3, 4] as const;
const DUP_N = [5, 6, 7, 8, 9, 10] as const;

/** Elements that repeat an earlier one: their count and their total length. */
export const findDuplicates = (xs: string[]): { count: number; chars: number } => {
  const seen = new Set<string>();
  let count = 0;
  let chars = 0;
  for (const x of xs) {
    if (seen.has(x)) {
      count++;
      chars += x.length;
    } else seen.add(x);
  }
  return { count, chars };
};

/** A 53-bit key for the n words starting at i (two independent 32-bit hash lanes). */
const ngramKey = (hashes: Uint32Array, i: number, n: number): number => {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let k = 0; k < n; k++) {
    const h = hashes[i + k];
    a = Math.imul(a ^ h, 0x01000193) >>> 0;
    b = Math.imul(b ^ (h * 2654435761), 0x5bd1e995) >>> 0;
  }
  return a * 2097152 + (b >>> 11);
};

/** Characters of the most frequent n-gram (joined with spaces) times its count; 0 unless it repeats. Ties: the longest. */
export const topNgramChars = (words: string[], hashes: Uint32Array, n: number): number => {
  if (words.length < n) return 0;
  const counts = new Map<number, number>();
  const first = new Map<number, number>();
  let best = 0;
  for (let i = 0; i + n <= words.length; i++) {
    const key = ngramKey(hashes, i, n);
    const c = (counts.get(key) ?? 0) + 1;
    counts.set(key, c);
    if (c === 1) first.set(key, i);
    if (c > best) best = c;
  }
  if (best < 2) return 0;
  let bestLen = 0;
  for (const [key, c] of counts) {
    if (c !== best) continue;
    const i = first.get(key)!;
    let len = n - 1;
    for (let k = 0; k < n; k++) len += words[i + k].length;
    if (len > bestLen) bestLen = len;
  }
  return bestLen * best;
};

/** Characters (words joined without spaces) covered by n-grams that repeat an earlier one, skipping past each repeat. */
export const duplicateNgramChars = (words: string[], hashes: Uint32Array, n: number): number => {
  const seen = new Set<number>();
  let chars = 0;
  let i = 0;
  while (i + n <= words.length) {
    const key = ngramKey(hashes, i, n);
    if (seen.has(key)) {
      for (let k = 0; k < n; k++) chars += words[i + k].length;
      i += n;
    } else {
      seen.add(key);
      i++;
    }
  }
  return chars;
};

export const gopherRepetitionSignals = (text: string): Record<string, number> => {
  const total = text.length;
  const paragraphs = text.trim().split(/\n{2,}/);
  const lines = text.split(/\n+/);
  const para = findDuplicates(paragraphs);
  const line = findDuplicates(lines);
  const words = splitWords(text);
  const hashes = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i++) hashes[i] = hash32(words[i]);
  const out: Record<string, number> = {
    dup_para_frac: round(ratio(para.count, paragraphs.length)),
    dup_para_char_frac: round(ratio(para.chars, total)),
    dup_line_frac: round(ratio(line.count, lines.length)),
    dup_line_char_frac: round(ratio(line.chars, total)),
  };
  for (const n of TOP_N) out[`top_${n}gram_char_frac`] = round(ratio(topNgramChars(words, hashes, n), total));
  for (const n of DUP_N) out[`dup_${n}gram_char_frac`] = round(ratio(duplicateNgramChars(words, hashes, n), total));
  return out;
};

const RULES: [string, keyof TConfig][] = [
  ["dup_para_frac", "max_dup_para_frac"],
  ["dup_para_char_frac", "max_dup_para_char_frac"],
  ["dup_line_frac", "max_dup_line_frac"],
  ["dup_line_char_frac", "max_dup_line_char_frac"],
  ...TOP_N.map((n): [string, keyof TConfig] => [`top_${n}gram_char_frac`, `max_top_${n}gram_char_frac` as keyof TConfig]),
  ...DUP_N.map((n): [string, keyof TConfig] => [`dup_${n}gram_char_frac`, `max_dup_${n}gram_char_frac` as keyof TConfig]),
];

/** The first signal over its threshold (datatrove's order), or "empty" for a blank document; null when passing. */
export const gopherRepetitionVerdict = (text: string, s: Record<string, number>, c: TConfig): string | null => {
  if (text.trim() === "") return "empty";
  for (const [signal, limit] of RULES) if (s[signal] > c[limit]) return signal;
  return null;
};

const P = "gopher_repetition";

export const gopherRepetitionAnnotator: TAnnotator<TConfig> = {
  id: P,
  version: "1",
  title: "Gopher repetition rules",
  description: "Duplicate lines and paragraphs, most frequent 2–4-grams, and duplicated 5–10-grams (Gopher/MassiveText).",
  configSchema: ZConfig,
  columns: () => [
    ...RULES.map(([signal]) => ({ name: `${P}.${signal}`, type: "DOUBLE" as const, description: describe(signal), better: "lower" as const })),
    { name: `${P}.pass`, type: "BOOLEAN", description: "Passes every Gopher repetition rule", better: "higher" },
    { name: `${P}.first_failed_rule`, type: "VARCHAR", description: "The first rule the document breaks" },
  ],
  annotate: (docs, c) =>
    docs.map(({ text }) => {
      const s = gopherRepetitionSignals(text);
      const failed = gopherRepetitionVerdict(text, s, c);
      const row: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s)) row[`${P}.${k}`] = v;
      row[`${P}.pass`] = failed === null;
      row[`${P}.first_failed_rule`] = failed;
      return row;
    }),
};

function describe(signal: string): string {
  const m = signal.match(/^(top|dup)_(\d+)gram_char_frac$/);
  if (m) return m[1] === "top" ? `Characters in the most frequent ${m[2]}-gram, as a share of the text` : `Characters in duplicated ${m[2]}-grams, as a share of the text`;
  const what = signal.includes("para") ? "paragraphs" : "lines";
  return signal.includes("char") ? `Characters in duplicate ${what}, as a share of the text` : `Share of ${what} that duplicate an earlier one`;
}
