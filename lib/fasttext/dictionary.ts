import type { TBinaryReader } from "@/lib/fasttext/binary-reader";
import { fnvBytes } from "@/lib/fasttext/hash";

export const ENTRY_WORD = 0;
export const ENTRY_LABEL = 1;
export const EOS = "</s>";
export const LABEL_PREFIX = "__label__";

/**
 * A fastText dictionary as read from a model file: words first (ids 0..nwords-1), then labels.
 * Entry bytes live in one pool; lookups hash the UTF-8 bytes of a token and compare bytes, so
 * predicting never builds a string per token.
 */
export type TDictionary = {
  size: number;
  nwords: number;
  nlabels: number;
  ntokens: number;
  pool: Uint8Array;
  /** Entry i spans pool[offsets[i] .. offsets[i+1]). */
  offsets: Int32Array;
  counts: Float64Array;
  types: Uint8Array;
  hashes: Uint32Array;
  /** Open-addressing table of entry ids (-1 = empty), indexed by hash & mask. */
  table: Int32Array;
  mask: number;
  /**
   * Subword/word-ngram id remapping of a pruned (quantized) model: null when the model was never
   * pruned (`pruneidx_size` -1); an empty map when every n-gram was pruned away.
   */
  pruneIdx: Map<number, number> | null;
  /** Label names, with their `__label__` prefix, in label id order. */
  labels: string[];
};

const nextPow2 = (n: number): number => {
  let p = 1;
  while (p < n) p *= 2;
  return p;
};

const decoder = new TextDecoder();

/** Builds the lookup structures for entries given as UTF-8 byte strings (model loading and tests). */
export const buildDictionary = (entries: { bytes: Uint8Array; count: number; type: number }[], ntokens: number, pruneIdx: Map<number, number> | null): TDictionary => {
  const size = entries.length;
  const total = entries.reduce((a, e) => a + e.bytes.length, 0);
  const pool = new Uint8Array(total);
  const offsets = new Int32Array(size + 1);
  const counts = new Float64Array(size);
  const types = new Uint8Array(size);
  let at = 0;
  entries.forEach((e, i) => {
    offsets[i] = at;
    pool.set(e.bytes, at);
    at += e.bytes.length;
    counts[i] = e.count;
    types[i] = e.type;
  });
  offsets[size] = at;
  return indexDictionary({ pool, offsets, counts, types, ntokens, pruneIdx });
};

const indexDictionary = (d: { pool: Uint8Array; offsets: Int32Array; counts: Float64Array; types: Uint8Array; ntokens: number; pruneIdx: Map<number, number> | null }): TDictionary => {
  const size = d.counts.length;
  let nwords = 0;
  let nlabels = 0;
  for (let i = 0; i < size; i++) {
    if (d.types[i] === ENTRY_WORD) nwords++;
    else nlabels++;
  }
  for (let i = 0; i < size; i++) {
    if ((d.types[i] === ENTRY_WORD) !== i < nwords) throw new Error("Invalid fastText dictionary: labels must follow all words");
  }
  const hashes = new Uint32Array(size);
  const tableSize = nextPow2(Math.max(16, Math.ceil(size * 2)));
  const table = new Int32Array(tableSize).fill(-1);
  const mask = tableSize - 1;
  for (let i = 0; i < size; i++) {
    const h = fnvBytes(d.pool, d.offsets[i], d.offsets[i + 1]);
    hashes[i] = h;
    let slot = h & mask;
    while (table[slot] !== -1) slot = (slot + 1) & mask;
    table[slot] = i;
  }
  const labels: string[] = [];
  for (let i = nwords; i < size; i++) labels.push(decoder.decode(d.pool.subarray(d.offsets[i], d.offsets[i + 1])));
  return { ...d, size, nwords, nlabels, hashes, table, mask, labels };
};

/** Dictionary::load. */
export const readDictionary = (r: TBinaryReader): TDictionary => {
  const size = r.int32();
  const nwords = r.int32();
  const nlabels = r.int32();
  const ntokens = r.int64();
  const pruneIdxSize = r.int64();
  if (size < 0 || nwords < 0 || nlabels < 0 || nwords + nlabels !== size) throw new Error(`Invalid fastText dictionary header (size ${size}, words ${nwords}, labels ${nlabels})`);
  let pool = new Uint8Array(Math.max(1024, size * 8));
  const offsets = new Int32Array(size + 1);
  const counts = new Float64Array(size);
  const types = new Uint8Array(size);
  let at = 0;
  for (let i = 0; i < size; i++) {
    const word = r.cString();
    if (at + word.length > pool.length) {
      const grown = new Uint8Array(Math.max(pool.length * 2, at + word.length));
      grown.set(pool.subarray(0, at));
      pool = grown;
    }
    offsets[i] = at;
    pool.set(word, at);
    at += word.length;
    counts[i] = r.int64();
    types[i] = r.int8();
  }
  offsets[size] = at;
  let pruneIdx: Map<number, number> | null = null;
  if (pruneIdxSize >= 0) {
    pruneIdx = new Map();
    for (let i = 0; i < pruneIdxSize; i++) {
      const from = r.int32();
      pruneIdx.set(from, r.int32());
    }
  }
  const dict = indexDictionary({ pool: pool.slice(0, at), offsets, counts, types, ntokens, pruneIdx });
  if (dict.nwords !== nwords) throw new Error(`Invalid fastText dictionary: header says ${nwords} words, entries hold ${dict.nwords}`);
  return dict;
};

/** Dictionary::find + word2int: the id of the entry with these bytes (hash precomputed), or -1. */
export const lookup = (d: TDictionary, bytes: Uint8Array, start: number, end: number, hash: number): number => {
  const len = end - start;
  let slot = hash & d.mask;
  for (;;) {
    const id = d.table[slot];
    if (id === -1) return -1;
    if (d.hashes[id] === hash) {
      const s = d.offsets[id];
      if (d.offsets[id + 1] - s === len) {
        let same = true;
        for (let k = 0; k < len; k++) {
          if (d.pool[s + k] !== bytes[start + k]) {
            same = false;
            break;
          }
        }
        if (same) return id;
      }
    }
    slot = (slot + 1) & d.mask;
  }
};

/** The UTF-8 bytes of entry `id`. */
export const entryBytes = (d: TDictionary, id: number): Uint8Array => d.pool.subarray(d.offsets[id], d.offsets[id + 1]);
