/**
 * fastText's hashes, bit for bit. Dictionary::hash is 32-bit FNV-1a over the UTF-8 bytes, each
 * byte sign-extended first (`uint32_t(int8_t(c))`), so bytes ≥ 0x80 mix in as 0xFFFFFFxx.
 */
export const FNV_OFFSET = 2166136261;
const FNV_PRIME = 16777619;

export const fnvByte = (h: number, b: number): number => Math.imul(h ^ (b < 0x80 ? b : b | 0xffffff00), FNV_PRIME) >>> 0;

export const fnvBytes = (bytes: Uint8Array, start: number, end: number, h = FNV_OFFSET): number => {
  for (let i = start; i < end; i++) h = Math.imul(h ^ (bytes[i] < 0x80 ? bytes[i] : bytes[i] | 0xffffff00), FNV_PRIME) >>> 0;
  return h;
};

const utf8 = new TextEncoder();
export const fnvString = (s: string): number => {
  const b = utf8.encode(s);
  return fnvBytes(b, 0, b.length);
};

const K = 116049371;
const TWO32 = 4294967296;

/**
 * Dictionary::addWordNgrams: word hashes are stored as int32 and widened to uint64 with sign
 * extension; `h = h * 116049371 + hash[j]` wraps at 2^64; the bucket is `h % bucket`. The 64-bit
 * state is kept as two uint32 halves (no BigInt in the hot loop).
 */
export type TNgramState = { hi: number; lo: number };

/** state = sext64(hash). */
export const ngramStart = (s: TNgramState, hash: number): void => {
  s.lo = hash >>> 0;
  s.hi = (hash | 0) < 0 ? 0xffffffff : 0;
};

/** state = state * 116049371 + sext64(hash) (mod 2^64). */
export const ngramStep = (s: TNgramState, hash: number): void => {
  const lo = s.lo;
  // lo * K as 64 bits: split lo into 16-bit halves so every partial product is exact in a double.
  const a = lo >>> 16;
  const b = lo & 0xffff;
  const bk = b * K; // < 2^43
  const mid = a * K + Math.floor(bk / 65536); // < 2^44
  const carry = Math.floor(mid / 65536); // floor(lo * K / 2^32)
  let newLo = ((mid % 65536) * 65536 + (bk % 65536)) >>> 0;
  let newHi = (Math.imul(s.hi, K) + carry) >>> 0;
  // + sign-extended hash
  const addLo = hash >>> 0;
  const addHi = (hash | 0) < 0 ? 0xffffffff : 0;
  const sumLo = newLo + addLo;
  newLo = sumLo >>> 0;
  newHi = (newHi + addHi + (sumLo >= TWO32 ? 1 : 0)) >>> 0;
  s.lo = newLo;
  s.hi = newHi;
};

/** state % m for 0 < m < 2^31, exactly. */
export const ngramMod = (s: TNgramState, m: number): number => {
  let r = s.hi % m;
  r = (r * 65536) % m;
  r = (r * 65536) % m;
  return (r + (s.lo % m)) % m;
};
