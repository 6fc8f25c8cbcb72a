import { z } from "zod";
import { hash32 } from "@/lib/annotators/text-utils";
import { normalizeForDedup } from "@/lib/annotators/exact-dedup";
import type { TAnnotator } from "@/lib/annotators/types";

/** MinHash-LSH near-duplicate detection; defaults as in FineWeb: 5-gram word shingles, 14 bands × 8 rows = 112 hashes. */
const ZConfig = z.object({
  ngram: z.number().int().min(1).max(20).default(5),
  bands: z.number().int().min(1).max(64).default(14),
  rows_per_band: z.number().int().min(1).max(32).default(8),
  seed: z.number().int().default(1),
});
type TConfig = z.infer<typeof ZConfig>;

const permCache = new Map<string, { a: Uint32Array; b: Uint32Array }>();

/** Seeded odd multipliers and offsets for multiply-add hashing, one pair per MinHash function. */
const permutations = (n: number, seed: number) => {
  const key = `${n}:${seed}`;
  let p = permCache.get(key);
  if (!p) {
    let s = seed >>> 0 || 1;
    const next = () => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return s >>> 0;
    };
    const a = new Uint32Array(n);
    const b = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = next() | 1;
      b[i] = next();
    }
    p = { a, b };
    permCache.set(key, p);
  }
  return p;
};

/** Hashes of the word n-gram shingles of the normalised text (a short text is one shingle). */
export const shingleHashes = (text: string, n: number): Uint32Array => {
  const words = normalizeForDedup(text).split(" ").filter(Boolean);
  if (words.length === 0) return new Uint32Array(0);
  const wh = words.map((w) => hash32(w));
  const count = Math.max(1, words.length - n + 1);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    let h = 0x811c9dc5;
    for (let k = i; k < Math.min(words.length, i + n); k++) h = Math.imul(h ^ wh[k], 0x01000193);
    out[i] = h >>> 0;
  }
  return out;
};

/** The MinHash signature (bands × rows values). Empty text → null. */
export const minhashSignature = (text: string, c: TConfig): Uint32Array | null => {
  const shingles = shingleHashes(text, c.ngram);
  if (shingles.length === 0) return null;
  const n = c.bands * c.rows_per_band;
  const { a, b } = permutations(n, c.seed);
  const sig = new Uint32Array(n).fill(0xffffffff);
  for (let s = 0; s < shingles.length; s++) {
    const x = shingles[s];
    for (let j = 0; j < n; j++) {
      const v = (Math.imul(a[j], x) + b[j]) >>> 0;
      if (v < sig[j]) sig[j] = v;
    }
  }
  return sig;
};

/** One 52-bit hash per band of the signature; documents sharing any band hash are candidate duplicates. */
export const bandHashes = (sig: Uint32Array, c: TConfig): bigint[] => {
  const out: bigint[] = [];
  for (let band = 0; band < c.bands; band++) {
    let h1 = 0x811c9dc5 ^ band;
    let h2 = 0x27d4eb2f ^ band;
    for (let r = 0; r < c.rows_per_band; r++) {
      const v = sig[band * c.rows_per_band + r];
      h1 = Math.imul(h1 ^ v, 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ v, 0x5bd1e995) >>> 0;
    }
    out.push(BigInt(band) * 2n ** 52n + BigInt(h1) * 2n ** 20n + BigInt(h2 >>> 12));
  }
  return out;
};

const P = "minhash";

export const minhashAnnotator: TAnnotator<TConfig> = {
  id: P,
  version: "1",
  title: "Near duplicates (MinHash-LSH)",
  description: "Clusters documents that share any LSH band of their MinHash signature (5-gram word shingles, 14 bands × 8 rows by default). The first document of each cluster in corpus order is kept.",
  configSchema: ZConfig,
  global: { signatureColumns: [{ name: `${P}.bands`, type: "UBIGINT[]" }] },
  columns: () => [
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
