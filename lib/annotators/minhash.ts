import { z } from "zod";
import { finalizeMinhash } from "@/lib/annotate/dedup-step";
import type { TAnnotator, TColumnSpec } from "@/lib/annotators/types";
import * as tu from "@/lib/annotators/text-utils";

// Module-local copies: under tsx/esbuild every imported binding is a getter, too slow for hot loops.
const { C_PUNCT, C_SPACE, CHAR_CLASS, ensureCapacity, fmix32, HashCounter } = tu;

/**
 * MinHash-LSH near-duplicate detection, FineWeb defaults: 5-gram word shingles, 112 hash functions
 * = 14 bands × 8 rows.
 * - Words: the text normalised as for exact dedup (lower-cased, punctuation deleted), split on
 *   whitespace, each hashed to 32 bits; a text shorter than `ngram` words is one shingle.
 * - Shingles: 32-bit hash of each run of `ngram` word hashes; duplicates are dropped first.
 * - Hash functions: seeded universal hashing h_j(x) = (a_j·x + b_j) mod 2^32 with odd a_j, applied
 *   to the mixed shingle hash (the mixing makes each h_j a random-looking permutation of 32-bit
 *   values); the signature keeps the minimum of each.
 * - Bands: each band's `rows_per_band` values hashed to one 64-bit value (band index in the top
 *   8 bits, 56 bits of hash), so two documents are candidates when they share any band value.
 */
const ZConfig = z.object({
  ngram: z.number().int().min(1).max(32).default(5),
  bands: z.number().int().min(1).max(255).default(14),
  rows_per_band: z.number().int().min(1).max(64).default(8),
  seed: z.number().int().default(1),
});
export type TMinhashConfig = z.infer<typeof ZConfig>;

const permCache = new Map<string, { a: Uint32Array; b: Uint32Array }>();

/** Seeded odd multipliers and offsets for the multiply-add hash functions (xorshift32 stream). */
const permutations = (n: number, seed: number) => {
  const key = `${n}:${seed}`;
  let p = permCache.get(key);
  if (!p) {
    let s = fmix32(seed >>> 0) || 1;
    const next = () => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return s >>> 0;
    };
    const a = new Uint32Array(n);
    const b = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = (next() | 1) >>> 0;
      b[i] = next();
    }
    p = { a, b };
    permCache.set(key, p);
  }
  return p;
};

let wordHashes = new Uint32Array(1024);
let shingles = new Uint32Array(1024);
const seen = new HashCounter();

/** Distinct shingle hashes of the text (scratch array valid until the next call) and their count. */
export const shingleHashes = (text: string, ngram: number): { hashes: Uint32Array; count: number } => {
  const lower = text.toLowerCase();
  const len = lower.length;
  wordHashes = ensureCapacity(wordHashes, (len >> 1) + 1, (k) => new Uint32Array(k));
  let words = 0;
  let h = 0x811c9dc5;
  let inWord = false;
  for (let i = 0; i < len; i++) {
    const c = lower.charCodeAt(i);
    const f = CHAR_CLASS[c];
    if (f & C_SPACE) {
      if (inWord) wordHashes[words++] = fmix32(h);
      inWord = false;
      h = 0x811c9dc5;
    } else if (!(f & C_PUNCT)) {
      h = Math.imul(h ^ c, 0x01000193);
      inWord = true;
    }
  }
  if (inWord) wordHashes[words++] = fmix32(h);
  if (words === 0) return { hashes: shingles, count: 0 };
  const count = Math.max(1, words - ngram + 1);
  shingles = ensureCapacity(shingles, count, (k) => new Uint32Array(k));
  seen.reset();
  let distinct = 0;
  for (let i = 0; i < count; i++) {
    let x = 0x2545f491 ^ ngram;
    const end = Math.min(words, i + ngram);
    for (let k = i; k < end; k++) x = Math.imul(x ^ wordHashes[k], 0x9e3779b1) ^ (x >>> 15);
    x = fmix32(x);
    const before = seen.size;
    seen.add(x, 0, i);
    if (seen.size > before) shingles[distinct++] = x;
  }
  return { hashes: shingles, count: distinct };
};

/** The MinHash signature (bands × rows values); null for a text without words. */
export const minhashSignature = (text: string, c: TMinhashConfig): Uint32Array | null => {
  const { hashes, count } = shingleHashes(text, c.ngram);
  if (count === 0) return null;
  const n = c.bands * c.rows_per_band;
  const { a, b } = permutations(n, c.seed);
  const sig = new Uint32Array(n).fill(0xffffffff);
  for (let s = 0; s < count; s++) {
    const x = hashes[s];
    for (let j = 0; j < n; j++) {
      const v = (Math.imul(a[j], x) + b[j]) >>> 0;
      if (v < sig[j]) sig[j] = v;
    }
  }
  return sig;
};

/** Estimated Jaccard similarity of two signatures: the share of equal positions. */
export const signatureSimilarity = (x: Uint32Array, y: Uint32Array): number => {
  let eq = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === y[i]) eq++;
  return x.length === 0 ? 0 : eq / x.length;
};

/** One 64-bit value per band (band index in the top 8 bits); documents sharing any are candidates. */
export const bandHashes = (sig: Uint32Array, c: TMinhashConfig): bigint[] => {
  const out: bigint[] = [];
  for (let band = 0; band < c.bands; band++) {
    let h1 = 0x811c9dc5 ^ band;
    let h2 = 0x27d4eb2f ^ band;
    for (let r = 0; r < c.rows_per_band; r++) {
      const v = sig[band * c.rows_per_band + r];
      h1 = Math.imul(h1 ^ v, 0x01000193);
      h2 = Math.imul(h2 ^ fmix32(v), 0x5bd1e995) ^ (h2 >>> 13);
    }
    const hi = ((band & 0xff) << 24) | (fmix32(h1) >>> 8);
    out.push((BigInt(hi >>> 0) << 32n) | BigInt(fmix32(h2)));
  }
  return out;
};


const P = "minhash_dedup";

export const minhashAnnotator: TAnnotator<TMinhashConfig> = {
  id: P,
  version: "3",
  title: "Near duplicates (MinHash-LSH)",
  description:
    "Clusters documents that share any LSH band of their MinHash signature (5-gram word shingles, 14 bands × 8 rows by default). The first document of each cluster in corpus order is kept.",
  configSchema: ZConfig,
  global: { signatureColumns: [{ name: `${P}.bands`, type: "UBIGINT[]" }], finalize: finalizeMinhash },
  columns: (): TColumnSpec[] => [
    { name: `${P}.cluster_id`, type: "VARCHAR", description: "Id of the first document of the near-duplicate cluster" },
    { name: `${P}.cluster_size`, type: "BIGINT", description: "Documents in the cluster", better: "lower" },
    { name: `${P}.keep`, type: "BOOLEAN", description: "First document of its cluster in corpus order", better: "higher" },
  ],
  annotate: (docs, c) =>
    docs.map(({ text }) => {
      const sig = minhashSignature(text, c);
      return { [`${P}.bands`]: sig ? bandHashes(sig, c) : [] };
    }),
};
