/**
 * Shared text utilities for the annotators: a character-class table (so no annotator runs a
 * regex per word), whitespace words, lines, paragraphs, code-point lengths, 32-bit hashing and a
 * typed-array hash table for counting hashed items (lines, n-grams) without building strings.
 *
 * Conventions (as in the Python reference code, so numbers match datatrove / DCLM):
 * - whitespace is Python's `str.isspace()` set; "words" are `str.split()` tokens;
 * - lengths are Unicode code points (Python `len`), not UTF-16 units;
 * - letters are `\p{L}` (Python `isalpha`), alphanumerics `\p{L}` or `\p{N}` (`isalnum`).
 */

// ---------------------------------------------------------------------------------------------
// Character classes
// ---------------------------------------------------------------------------------------------

export const C_SPACE = 1;
export const C_LETTER = 2;
export const C_NUMBER = 4;
export const C_MARK = 8;
export const C_PUNCT = 16;
export const C_SYMBOL = 32;
/** Han and Hiragana: each character is a word of its own (UAX #29 has no rule joining them). */
export const C_IDEO = 64;
export const C_KATAKANA = 128;
/** UAX #29 MidLetter / MidNumLet / Single_Quote: joins letters ("can't", "U.S.A", "a:b"). */
export const C_MID_LETTER = 256;
/** UAX #29 MidNum / MidNumLet / Single_Quote: joins digits ("1,000.5"). */
export const C_MID_NUM = 512;
/** UAX #29 ExtendNumLet ("_"): joins letters and digits on both sides. */
export const C_EXTEND_NUM_LET = 1024;
/** Format characters and ZWJ, attached to the preceding character like marks. */
export const C_FORMAT = 2048;

export const C_ALNUM = C_LETTER | C_NUMBER;

const PY_SPACES = [9, 10, 11, 12, 13, 0x1c, 0x1d, 0x1e, 0x1f, 32, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000];
const MID_LETTER = ":\u00b7\u0387\u055f\u05f4\u2027\ufe13\ufe55\uff1a.\u2018\u2019\u2024\ufe52\uff07\uff0e'";
const MID_NUM = ",;\u037e\u0589\u060c\u060d\u066c\u07f8\u2044\ufe10\ufe14\ufe50\ufe54\uff0c\uff1b.\u2018\u2019\u2024\ufe52\uff07\uff0e'";
const EXTEND_NUM_LET = "_\u203f\u2040\u2054\ufe33\ufe34\ufe4d\ufe4e\ufe4f\uff3f";

const RE_LETTER = /\p{L}/u;
const RE_NUMBER = /\p{N}/u;
const RE_MARK = /\p{M}/u;
const RE_PUNCT = /\p{P}/u;
const RE_SYMBOL = /\p{S}/u;
const RE_FORMAT = /\p{Cf}/u;
const RE_IDEO = /[\p{Script=Han}\p{Script=Hiragana}]/u;
const RE_KATAKANA = /\p{Script=Katakana}/u;

const classifyString = (s: string): number => {
  let f = 0;
  if (RE_LETTER.test(s)) f |= C_LETTER;
  else if (RE_NUMBER.test(s)) f |= C_NUMBER;
  else if (RE_MARK.test(s)) f |= C_MARK;
  else if (RE_PUNCT.test(s)) f |= C_PUNCT;
  else if (RE_SYMBOL.test(s)) f |= C_SYMBOL;
  else if (RE_FORMAT.test(s)) f |= C_FORMAT;
  if (RE_IDEO.test(s)) f |= C_IDEO;
  else if (RE_KATAKANA.test(s)) f |= C_KATAKANA;
  return f;
};

/** Class flags of every BMP code unit (surrogates are 0). Built once per process (~20 ms). */
export const CHAR_CLASS: Uint16Array = (() => {
  const t = new Uint16Array(65536);
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    t[c] = classifyString(String.fromCharCode(c));
  }
  for (const c of PY_SPACES) t[c] = C_SPACE;
  for (let c = 0x2000; c <= 0x200a; c++) t[c] = C_SPACE;
  t[0x200d] |= C_FORMAT; // ZWJ
  for (const ch of MID_LETTER) t[ch.charCodeAt(0)] |= C_MID_LETTER;
  for (const ch of MID_NUM) t[ch.charCodeAt(0)] |= C_MID_NUM;
  for (const ch of EXTEND_NUM_LET) t[ch.charCodeAt(0)] |= C_EXTEND_NUM_LET;
  return t;
})();

const astralCache = new Map<number, number>();

/** Class flags of a code point outside the BMP (emoji, rare CJK, historic scripts), cached. */
export const astralClass = (cp: number): number => {
  let f = astralCache.get(cp);
  if (f === undefined) {
    f = classifyString(String.fromCodePoint(cp));
    astralCache.set(cp, f);
  }
  return f;
};

/** Class flags of the code point starting at `i` (a lone surrogate counts as a symbol). */
export const classAt = (text: string, i: number): number => {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return CHAR_CLASS[c] || (c >= 0xdc00 && c <= 0xdfff ? C_SYMBOL : 0);
  const d = text.charCodeAt(i + 1);
  if (d >= 0xdc00 && d <= 0xdfff) return astralClass(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
  return C_SYMBOL;
};

export const isSpaceCode = (c: number): boolean => (CHAR_CLASS[c] & C_SPACE) !== 0;

// ---------------------------------------------------------------------------------------------
// Lengths, words, lines, paragraphs
// ---------------------------------------------------------------------------------------------

/** Unicode code points in `s[start, end)` (what Python's and DuckDB's length() count). */
export const codePointLength = (s: string, start = 0, end = s.length): number => {
  let n = end - start;
  for (let i = start + 1; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) {
      const p = s.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) n--;
    }
  }
  return n;
};

const SURROGATE = /[\ud800-\udfff]/;

/** Does the text contain any surrogate (so code points ≠ UTF-16 units)? A native scan. */
export const hasSurrogates = (text: string): boolean => SURROGATE.test(text);

/** Python `str.split()`: whitespace-separated words. */
export const splitWords = (text: string): string[] => {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    if (CHAR_CLASS[text.charCodeAt(i)] & C_SPACE) {
      if (start >= 0) words.push(text.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  if (start >= 0) words.push(text.slice(start));
  return words;
};

/** Number of whitespace-separated words (no allocation). */
export const countWords = (text: string): number => {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const ws = (CHAR_CLASS[text.charCodeAt(i)] & C_SPACE) !== 0;
    if (!ws && !inWord) n++;
    inWord = !ws;
  }
  return n;
};

/** Lines: `text.split("\n")` with a trailing "\r" removed from each (so "\r\n" files behave). */
export const splitLines = (text: string): string[] => text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));

/** Index of the first non-whitespace unit in `[start, end)`, or `end`. */
export const trimStart = (text: string, start: number, end: number): number => {
  while (start < end && CHAR_CLASS[text.charCodeAt(start)] & C_SPACE) start++;
  return start;
};

/** One past the last non-whitespace unit in `[start, end)`, or `start`. */
export const trimEnd = (text: string, start: number, end: number): number => {
  while (end > start && CHAR_CLASS[text.charCodeAt(end - 1)] & C_SPACE) end--;
  return end;
};

/**
 * DCLM `split_paragraphs(text, sep)`: split on a literal separator ("\n" for lines, "\n\n" for
 * paragraphs), strip each piece, drop empty pieces. Returns `[start, end)` pairs into `text`.
 */
export const segmentRanges = (text: string, sep: string): number[] => {
  const out: number[] = [];
  let pos = 0;
  for (;;) {
    const idx = text.indexOf(sep, pos);
    const end = idx === -1 ? text.length : idx;
    const s = trimStart(text, pos, end);
    const e = trimEnd(text, s, end);
    if (e > s) out.push(s, e);
    if (idx === -1) break;
    pos = idx + sep.length;
  }
  return out;
};

/** Paragraphs: blocks separated by blank lines, trimmed, empty ones dropped. */
export const splitParagraphs = (text: string): string[] => {
  const t = normalizeNewlines(text);
  const r = segmentRanges(t, "\n\n");
  const out: string[] = [];
  for (let i = 0; i < r.length; i += 2) out.push(t.slice(r[i], r[i + 1]));
  return out;
};

/** "\r\n" and lone "\r" → "\n" (no copy when the text has no "\r"). */
export const normalizeNewlines = (text: string): string => (text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text);

/** Non-overlapping occurrences of `needle` (Python `str.count`). */
export const countOccurrences = (text: string, needle: string): number => {
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
};

/** Does `text[start, end)` end with `suffix`? */
export const rangeEndsWith = (text: string, end: number, start: number, suffix: string): boolean =>
  end - start >= suffix.length && text.startsWith(suffix, end - suffix.length);

// ---------------------------------------------------------------------------------------------
// Hashing
// ---------------------------------------------------------------------------------------------

/** MurmurHash3's 32-bit finaliser: a bijective mix of a 32-bit value. */
export const fmix32 = (h: number): number => {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

/** FNV-1a 32-bit hash of a string (UTF-16 units), optionally ASCII-lower-cased on the fly. */
export const hash32 = (s: string, lower = false): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (lower && c >= 65 && c <= 90) c += 32;
    h ^= c;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
};

// ---------------------------------------------------------------------------------------------
// Typed-array hash counter
// ---------------------------------------------------------------------------------------------

/**
 * Counts items keyed by a 64-bit hash given as two 32-bit lanes, in an open-addressing table of
 * typed arrays. Entries are dense (0, 1, 2, … in first-seen order) so callers can keep per-item
 * entry ids; `first[e]` is the position passed when the entry was created. Reused across
 * documents: `reset()` clears only the slots the last document used.
 */
export class HashCounter {
  private slots = new Int32Array(1024); // entry + 1; 0 = empty
  private mask = 1023;
  keyA = new Uint32Array(512);
  keyB = new Uint32Array(512);
  counts = new Int32Array(512);
  first = new Int32Array(512);
  private slotOf = new Int32Array(512);
  size = 0;

  reset(): void {
    if (this.size * 8 < this.slots.length) for (let e = 0; e < this.size; e++) this.slots[this.slotOf[e]] = 0;
    else this.slots.fill(0);
    this.size = 0;
  }

  /** Adds one occurrence; returns the entry id. `a` should be well mixed (it picks the slot). */
  add(a: number, b: number, pos: number): number {
    a >>>= 0;
    b >>>= 0;
    if ((this.size + 1) * 2 > this.slots.length) this.grow();
    const mask = this.mask;
    let s = a & mask;
    for (;;) {
      const e1 = this.slots[s];
      if (e1 === 0) break;
      const e = e1 - 1;
      if (this.keyA[e] === a && this.keyB[e] === b) {
        this.counts[e]++;
        return e;
      }
      s = (s + 1) & mask;
    }
    const e = this.size++;
    if (e >= this.keyA.length) this.growEntries();
    this.keyA[e] = a;
    this.keyB[e] = b;
    this.counts[e] = 1;
    this.first[e] = pos;
    this.slotOf[e] = s;
    this.slots[s] = e + 1;
    return e;
  }

  private growEntries(): void {
    const n = this.keyA.length * 2;
    const grow = <T extends Uint32Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.keyA = grow(this.keyA, (k) => new Uint32Array(k));
    this.keyB = grow(this.keyB, (k) => new Uint32Array(k));
    this.counts = grow(this.counts, (k) => new Int32Array(k));
    this.first = grow(this.first, (k) => new Int32Array(k));
    this.slotOf = grow(this.slotOf, (k) => new Int32Array(k));
  }

  private grow(): void {
    const cap = this.slots.length * 2;
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
    for (let e = 0; e < this.size; e++) {
      let s = this.keyA[e] & this.mask;
      while (this.slots[s] !== 0) s = (s + 1) & this.mask;
      this.slots[s] = e + 1;
      this.slotOf[e] = s;
    }
  }
}

/** A reusable scratch typed array of at least `n` elements. */
export const ensureCapacity = <T extends Uint32Array | Int32Array | Float64Array>(a: T, n: number, make: (n: number) => T): T =>
  a.length >= n ? a : make(Math.max(n, a.length * 2));

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

export const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

// ---------------------------------------------------------------------------------------------
// Word segmentation (approximate UAX #29, as Python's uniseg) into hashed words
// ---------------------------------------------------------------------------------------------

/** Hashed words of one text: two hash lanes and the code-point length of each word. */
export type THashedWords = { count: number; hashA: Uint32Array; hashB: Uint32Array; length: Uint32Array; totalLength: number };

/** ASCII letters → C_LETTER, digits → C_NUMBER, anything else 0. */
const ASCII_ALNUM = (() => {
  const t = new Uint8Array(128);
  for (let c = 48; c <= 57; c++) t[c] = C_NUMBER;
  for (let c = 65; c <= 90; c++) t[c] = t[c + 32] = C_LETTER;
  return t;
})();

const scratchWords: THashedWords = { count: 0, hashA: new Uint32Array(1024), hashB: new Uint32Array(1024), length: new Uint32Array(1024), totalLength: 0 };

const growWords = (w: THashedWords): void => {
  const n = w.count * 2;
  const a = new Uint32Array(n);
  a.set(w.hashA);
  const b = new Uint32Array(n);
  b.set(w.hashB);
  const l = new Uint32Array(n);
  l.set(w.length);
  w.hashA = a;
  w.hashB = b;
  w.length = l;
};

/**
 * Words as DCLM's `split_words(text, model="uniseg", ignore_punctuation=True)` sees them: UAX #29
 * word segments whose first character is alphanumeric. Approximation of UAX #29: letters and
 * digits join (with marks and format characters attached); MidLetter (' . : ’) joins two letters,
 * MidNum (, . ; ') two digits, "_" joins anything word-like; every Han or Hiragana character is a
 * word of its own; Katakana runs form one word. Returns module-level scratch arrays, valid until
 * the next call. With `spans`, each word's `[start, end)` offsets are appended to it.
 */
export const hashedWords = (text: string, spans?: number[]): THashedWords => {
  const w = scratchWords;
  let { hashA, hashB, length: lengths } = w;
  let count = 0;
  let total = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c0 = text.charCodeAt(i);
    const f0 = c0 < 0xd800 || c0 > 0xdfff ? CHAR_CLASS[c0] : classAt(text, i);
    if ((f0 & C_ALNUM) === 0) {
      i++;
      continue;
    }
    const start = i;
    // A word starts: hash its units as they are consumed (lanes A and B), count code points.
    let ha = Math.imul(0x811c9dc5 ^ c0, 0x01000193);
    let hb = Math.imul(0x9747b28c ^ c0, 0x5bd1e995);
    let len = 1;
    i++;
    if (c0 >= 0xd800 && c0 <= 0xdbff && i < n) {
      const d = text.charCodeAt(i);
      ha = Math.imul(ha ^ d, 0x01000193);
      hb = Math.imul(hb ^ d, 0x5bd1e995) ^ (hb >>> 15);
      i++;
    }
    if (f0 & C_IDEO) {
      // Each ideograph is a word; marks after it stay with it.
      while (i < n && CHAR_CLASS[text.charCodeAt(i)] & (C_MARK | C_FORMAT)) {
        const d = text.charCodeAt(i++);
        ha = Math.imul(ha ^ d, 0x01000193);
        hb = Math.imul(hb ^ d, 0x5bd1e995) ^ (hb >>> 15);
        len++;
      }
    } else {
      const kata = (f0 & C_KATAKANA) !== 0;
      let prev = f0 & C_ALNUM; // the last base character's kind: C_LETTER or C_NUMBER
      while (i < n) {
        let c = text.charCodeAt(i);
        // Fast path: a run of ASCII letters and digits.
        if (c < 128 && ASCII_ALNUM[c] && !kata) {
          do {
            ha = Math.imul(ha ^ c, 0x01000193);
            hb = Math.imul(hb ^ c, 0x5bd1e995) ^ (hb >>> 15);
            len++;
            prev = ASCII_ALNUM[c];
            c = ++i < n ? text.charCodeAt(i) : 0;
          } while (c < 128 && ASCII_ALNUM[c]);
          if (i >= n) break;
        }
        const f = c < 0xd800 || c > 0xdfff ? CHAR_CLASS[c] : classAt(text, i);
        let take = 1; // units to consume
        if (f & (C_MARK | C_FORMAT) || f & C_EXTEND_NUM_LET) {
          // attached
        } else if (f & C_IDEO) {
          break;
        } else if (f & C_ALNUM) {
          if (kata !== ((f & C_KATAKANA) !== 0)) break;
          prev = f & C_ALNUM;
        } else if (f & (C_MID_LETTER | C_MID_NUM) && !kata && i + 1 < n) {
          const g = classAt(text, i + 1);
          const joins =
            (prev & C_LETTER && f & C_MID_LETTER && g & C_LETTER && !(g & (C_IDEO | C_KATAKANA))) || (prev & C_NUMBER && f & C_MID_NUM && g & C_NUMBER);
          if (!joins) break;
        } else break;
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) take = 2;
        for (let k = 0; k < take; k++) {
          const d = text.charCodeAt(i++);
          ha = Math.imul(ha ^ d, 0x01000193);
          hb = Math.imul(hb ^ d, 0x5bd1e995) ^ (hb >>> 15);
        }
        len++;
      }
    }
    if (spans) spans.push(start, i);
    if (count === hashA.length) {
      w.count = count;
      growWords(w);
      hashA = w.hashA;
      hashB = w.hashB;
      lengths = w.length;
    }
    hashA[count] = fmix32(ha);
    hashB[count] = fmix32(hb);
    lengths[count] = len;
    total += len;
    count++;
  }
  w.count = count;
  w.totalLength = total;
  return w;
};
