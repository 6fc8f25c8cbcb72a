/**
 * N-grams of one order in typed arrays: the word ids of each entry stored inline (`n` per entry),
 * found through an open-addressing table of 32-bit hashes. Lookups compare the ids, so a hash
 * collision costs a probe, never a wrong answer. About (4n + 4) bytes per entry plus 8 bytes per
 * slot (at most half the slots are used), instead of a JS string key and object per n-gram.
 *
 * Hashes fold the ids from the last word to the first (`hashStep`), so the hashes of the suffixes
 * ending at a position are built one word at a time: h(w_i) → h(w_{i-1} w_i) → …
 */

export const HASH_SEED = 0x2f1a7c3d;

/** One fold step: mixes the next word id (going right to left) into the hash. */
export const hashStep = (h: number, id: number): number => {
  h = Math.imul(h ^ id, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

/** Hash of `ids[start .. start + n)`. */
export const hashIds = (ids: ArrayLike<number>, start: number, n: number): number => {
  let h = HASH_SEED;
  for (let j = start + n - 1; j >= start; j--) h = hashStep(h, ids[j]);
  return h;
};

export class NgramTable {
  readonly n: number;
  size = 0;
  /** Word ids, `n` per entry, in text order. */
  ids: Int32Array;
  hashes: Uint32Array;
  private slots: Int32Array; // entry + 1; 0 = empty
  private mask: number;

  constructor(n: number, expected = 1024) {
    this.n = n;
    let cap = 1024;
    while (cap < expected * 2) cap *= 2;
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
    const entries = Math.max(512, expected);
    this.ids = new Int32Array(entries * n);
    this.hashes = new Uint32Array(entries);
  }

  /** How many entries fit before the entry arrays grow (parallel value arrays follow it). */
  get capacity(): number {
    return this.hashes.length;
  }

  /** Bytes held by the table's arrays. */
  get bytes(): number {
    return this.ids.byteLength + this.hashes.byteLength + this.slots.byteLength;
  }

  /** The entry holding `seq[start .. start + n)` (its hash is `h`), or -1. */
  find(seq: ArrayLike<number>, start: number, h: number): number {
    const { n, ids, hashes, slots, mask } = this;
    let s = h & mask;
    for (;;) {
      const e1 = slots[s];
      if (e1 === 0) return -1;
      const e = e1 - 1;
      if (hashes[e] === h) {
        const base = e * n;
        let j = 0;
        while (j < n && ids[base + j] === seq[start + j]) j++;
        if (j === n) return e;
      }
      s = (s + 1) & mask;
    }
  }

  /** The entry holding `seq[start .. start + n)`, added if absent. */
  insert(seq: ArrayLike<number>, start: number, h: number): number {
    const found = this.find(seq, start, h);
    if (found >= 0) return found;
    if ((this.size + 1) * 2 > this.slots.length) this.growSlots();
    if (this.size >= this.hashes.length) this.growEntries();
    const e = this.size++;
    const base = e * this.n;
    for (let j = 0; j < this.n; j++) this.ids[base + j] = seq[start + j];
    this.hashes[e] = h;
    let s = h & this.mask;
    while (this.slots[s] !== 0) s = (s + 1) & this.mask;
    this.slots[s] = e + 1;
    return e;
  }

  /** Word ids of entry `e` (a view, valid until the table grows). */
  entryIds(e: number): Int32Array {
    return this.ids.subarray(e * this.n, (e + 1) * this.n);
  }

  /** Drops the unused tail of the entry arrays (once the table is complete). */
  compact(): void {
    if (this.hashes.length > this.size) {
      this.ids = this.ids.slice(0, this.size * this.n);
      this.hashes = this.hashes.slice(0, this.size);
    }
  }

  private growEntries(): void {
    const cap = this.hashes.length * 2;
    const ids = new Int32Array(cap * this.n);
    ids.set(this.ids);
    const hashes = new Uint32Array(cap);
    hashes.set(this.hashes);
    this.ids = ids;
    this.hashes = hashes;
  }

  private growSlots(): void {
    const cap = this.slots.length * 2;
    const slots = new Int32Array(cap);
    const mask = cap - 1;
    for (let e = 0; e < this.size; e++) {
      let s = this.hashes[e] & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = e + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** Grows a parallel value array to at least `cap` entries (keeping its values). */
export const fitCapacity = <T extends Int32Array | Float32Array | Float64Array | Uint8Array>(a: T, cap: number, make: (n: number) => T): T => {
  if (a.length >= cap) return a;
  const b = make(cap);
  b.set(a);
  return b;
};
