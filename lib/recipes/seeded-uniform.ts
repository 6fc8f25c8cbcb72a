/**
 * The one source of randomness in recipes: a uniform draw u ∈ (0, 1) per (document id, seed).
 *
 *   h = bytes 8–15 of md5(id) read as a little-endian unsigned integer (DuckDB's md5_number_lower)
 *   a = fmix32(lo32(h) xor lo32(seed))
 *   b = fmix32(hi32(h) xor a xor hi32(seed))          (fmix32: MurmurHash3's 32-bit finaliser)
 *   u = (b · 2^21 + (a >> 11) + 0.5) / 2^53
 *
 * md5(id) is computed once per document (a hidden column of the document index), so a new seed
 * costs a few integer operations per document instead of an md5. Anyone can recompute a selection
 * from the ids and the seed; `seededUniform` is the reference, and the SQL below must agree with it.
 */
import { createHash } from "node:crypto";

const M32 = 0xffffffffn;

const fmix32 = (x: bigint): bigint => {
  x = ((x ^ (x >> 16n)) * 0x85ebca6bn) & M32;
  x = ((x ^ (x >> 13n)) * 0xc2b2ae35n) & M32;
  return x ^ (x >> 16n);
};

/** DuckDB's `md5_number_lower(id)`: bytes 8–15 of the md5 digest, little-endian. */
export const idHash = (id: string): bigint => createHash("md5").update(id, "utf8").digest().readBigUInt64LE(8);

/** u ∈ (0, 1) for a document and a seed (seed: a non-negative integer below 2^53). */
export const seededUniform = (id: string, seed: number): number => {
  const h = idHash(id);
  const s = BigInt(seed);
  const a = fmix32((h & M32) ^ (s & M32));
  const b = fmix32((h >> 32n) ^ a ^ ((s >> 32n) & M32));
  return (Number(b) * 2 ** 21 + Number(a >> 11n) + 0.5) / 2 ** 53;
};

const U = (n: number) => `CAST(${n} AS UBIGINT)`;
const M = U(0xffffffff);

/**
 * The SQL for u as a chain of projections, each a new column computed from the previous ones (so
 * every step is evaluated once per row): the compiler emits `SELECT *, <expr> AS <name> FROM prev`
 * for each step, in order; the last step's column is u. `hashExpr` is the id-hash column, `seedLo`
 * and `seedHi` bound parameters holding lo32(seed) and hi32(seed).
 */
export const seededUniformSteps = (hashExpr: string, seedLo: string, seedHi: string, prefix = "__u"): { name: string; expr: string }[] => {
  const steps: { name: string; expr: string }[] = [];
  const push = (expr: string) => {
    const name = `${prefix}${steps.length}`;
    steps.push({ name, expr });
    return name;
  };
  const fmix = (x: string) => {
    const x1 = push(`(xor(${x}, ${x} >> 16) * ${U(0x85ebca6b)}) & ${M}`);
    const x2 = push(`(xor(${x1}, ${x1} >> 13) * ${U(0xc2b2ae35)}) & ${M}`);
    return push(`xor(${x2}, ${x2} >> 16)`);
  };
  const a = fmix(push(`xor(${hashExpr} & ${M}, CAST(${seedLo} AS UBIGINT))`));
  const b = fmix(push(`xor(xor(${hashExpr} >> 32, ${a}), CAST(${seedHi} AS UBIGINT))`));
  push(`(CAST(${b} AS DOUBLE) * 2097152.0 + CAST(${a} >> 11 AS DOUBLE) + 0.5) / 9007199254740992.0`);
  return steps;
};

/** lo32 and hi32 of a seed, as bound to `seededUniformSteps`. */
export const seedHalves = (seed: number): [number, number] => [seed % 2 ** 32, Math.floor(seed / 2 ** 32)];
