import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

/** A short random id with a readable prefix, e.g. `run_k3j9x0q2m1ab`. */
export const newId = (prefix: string, length = 12): string => {
  const bytes = randomBytes(length);
  let out = "";
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return `${prefix}_${out}`;
};
