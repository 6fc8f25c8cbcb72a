/**
 * Ids of the distinct words of one document, in order of first appearance (0, 1, 2, …): an
 * open-addressing table over typed arrays, reset per document. Cheaper than a Map<string, number>
 * per document, which V8 regrows from empty for every document.
 */
export class DocumentWordIds {
  private slots = new Int32Array(1024); // id + 1; 0 = empty
  private mask = 1023;
  private slotOf = new Int32Array(512);
  private words: string[] = [];
  size = 0;

  /** Forgets every word (the next document's ids start at 0). */
  reset(): void {
    if (this.size * 8 < this.slots.length) for (let e = 0; e < this.size; e++) this.slots[this.slotOf[e]] = 0;
    else this.slots.fill(0);
    this.size = 0;
  }

  /** The id of `w`: its existing one, or the next one. */
  idOf(w: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    const mask = this.mask;
    let s = h & mask;
    for (;;) {
      const e1 = this.slots[s];
      if (e1 === 0) break;
      if (this.words[e1 - 1] === w) return e1 - 1;
      s = (s + 1) & mask;
    }
    const e = this.size++;
    this.words[e] = w;
    if (e >= this.slotOf.length) {
      const grown = new Int32Array(this.slotOf.length * 2);
      grown.set(this.slotOf);
      this.slotOf = grown;
    }
    this.slotOf[e] = s;
    this.slots[s] = e + 1;
    if (this.size * 2 > this.slots.length) this.grow();
    return e;
  }

  private grow(): void {
    const cap = this.slots.length * 2;
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
    for (let e = 0; e < this.size; e++) {
      const w = this.words[e];
      let h = 0x811c9dc5;
      for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 0x01000193);
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      let s = h & this.mask;
      while (this.slots[s] !== 0) s = (s + 1) & this.mask;
      this.slots[s] = e + 1;
      this.slotOf[e] = s;
    }
  }
}
