import * as tu from "@/lib/annotators/text-utils";

// Module-local copies: under tsx/esbuild every imported binding is a getter, too slow for hot loops.
const { C_ALNUM, C_MARK, CHAR_CLASS, fmix32 } = tu;

/** A document as a sparse, L2-normalised vector over 2^bits hashed features. */
export type TSparseVector = { idx: Int32Array; val: Float32Array; n: number };

const TOKEN_CHAR = C_ALNUM | C_MARK;
const SEED_UNIGRAM = 0x2545f491;
const SEED_BIGRAM = 0x6b43a9b5;

/**
 * Hashed unigrams and bigrams of lower-cased word tokens (runs of letters, digits and marks; astral
 * characters count as letters). Each feature hashes to one of 2^bits slots with a hash-derived sign
 * (so collisions cancel on average), counts are damped to sign·log(1 + |count|), and the vector is
 * L2-normalised, so long and short documents weigh alike. The returned buffers are reused by the
 * next call. Deterministic: the same text always gives the same vector.
 */
export const createFeatureExtractor = (bits: number, maxChars: number): ((text: string) => TSparseVector) => {
  if (bits < 8 || bits > 28) throw new Error(`bits must be 8..28, got ${bits}`);
  const mask = (1 << bits) - 1;
  let codes = new Int32Array(4096);
  let idx = new Int32Array(4096);
  let val = new Float32Array(4096);
  const out: TSparseVector = { idx, val, n: 0 };
  return (text) => {
    const t = (maxChars > 0 && text.length > maxChars ? text.slice(0, maxChars) : text).toLowerCase();
    let n = 0;
    const push = (h: number) => {
      if (n === codes.length) {
        const grown = new Int32Array(codes.length * 2);
        grown.set(codes);
        codes = grown;
      }
      // slot << 1 | sign bit: sorting groups a slot's occurrences.
      codes[n++] = ((h & mask) << 1) | (h >>> 31);
    };
    let prev = 0;
    let hasPrev = false;
    const len = t.length;
    let i = 0;
    while (i < len) {
      const c = t.charCodeAt(i);
      const isTok = c >= 0xd800 && c <= 0xdfff ? true : (CHAR_CLASS[c] & TOKEN_CHAR) !== 0;
      if (!isTok) {
        i++;
        continue;
      }
      let h = 2166136261;
      while (i < len) {
        const d = t.charCodeAt(i);
        if (!(d >= 0xd800 && d <= 0xdfff) && (CHAR_CLASS[d] & TOKEN_CHAR) === 0) break;
        h = Math.imul(h ^ d, 16777619);
        i++;
      }
      push(fmix32(h ^ SEED_UNIGRAM));
      if (hasPrev) push(fmix32(Math.imul(prev, 0x9e3779b1) ^ h ^ SEED_BIGRAM));
      prev = h;
      hasPrev = true;
    }
    const sorted = codes.subarray(0, n).sort();
    if (idx.length < n) {
      idx = new Int32Array(codes.length);
      val = new Float32Array(codes.length);
      out.idx = idx;
      out.val = val;
    }
    let m = 0;
    let norm = 0;
    for (let k = 0; k < n; ) {
      const slot = sorted[k] >>> 1;
      let v = 0;
      while (k < n && sorted[k] >>> 1 === slot) v += sorted[k++] & 1 ? -1 : 1;
      if (v === 0) continue;
      const x = v > 0 ? Math.log1p(v) : -Math.log1p(-v);
      idx[m] = slot;
      val[m] = x;
      norm += x * x;
      m++;
    }
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let k = 0; k < m; k++) val[k] *= inv;
    out.n = m;
    return out;
  };
};
