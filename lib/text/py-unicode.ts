/**
 * Python's string predicates, for ports of Python text pipelines: `str.isspace`, `str.strip()`,
 * `str.splitlines()`, `len()` in code points, `str.isalpha` / `str.isalnum`.
 */

/** Python's `str.isspace()` for one UTF-16 unit (every whitespace character is in the BMP). */
export const isPySpace = (c: number): boolean =>
  (c >= 9 && c <= 13) ||
  (c >= 0x1c && c <= 0x20) ||
  c === 0x85 ||
  c === 0xa0 ||
  c === 0x1680 ||
  (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x202f ||
  c === 0x205f ||
  c === 0x3000;

/** Python's `s.strip()` (no argument). */
export const pyStrip = (s: string): string => {
  let a = 0;
  let b = s.length;
  while (a < b && isPySpace(s.charCodeAt(a))) a++;
  while (b > a && isPySpace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
};
export const pyLstrip = (s: string): string => {
  let a = 0;
  while (a < s.length && isPySpace(s.charCodeAt(a))) a++;
  return a === 0 ? s : s.slice(a);
};
export const pyRstrip = (s: string): string => {
  let b = s.length;
  while (b > 0 && isPySpace(s.charCodeAt(b - 1))) b--;
  return b === s.length ? s : s.slice(0, b);
};

/** Python's `s.split()` (no argument): runs of non-whitespace. */
export const pySplitWhitespace = (s: string): string[] => {
  const out: string[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    while (i < n && isPySpace(s.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isPySpace(s.charCodeAt(i))) i++;
    out.push(s.slice(start, i));
  }
  return out;
};

/** Line boundaries of Python's `str.splitlines()`: \n \r \r\n \v \f \x1c \x1d \x1e \x85 \u2028 \u2029. */
const isLineBreak = (c: number): boolean => c === 10 || c === 13 || c === 11 || c === 12 || c === 0x1c || c === 0x1d || c === 0x1e || c === 0x85 || c === 0x2028 || c === 0x2029;

/** Python's `s.splitlines()`. */
export const pySplitLines = (s: string): string[] => {
  const out: string[] = [];
  const n = s.length;
  let start = 0;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (isLineBreak(c)) {
      out.push(s.slice(start, i));
      i += c === 13 && s.charCodeAt(i + 1) === 10 ? 2 : 1;
      start = i;
    } else i++;
  }
  if (start < n) out.push(s.slice(start));
  return out;
};

/** Python's `len(s)`: code points. */
export const pyLen = (s: string): number => {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n--;
      i++;
    }
  }
  return n;
};

const ALPHA = /\p{L}/u;
const ALNUM = /[\p{L}\p{N}]/u;
/** Python's `any(c.isalpha() for c in s)`. */
export const hasPyAlpha = (s: string): boolean => ALPHA.test(s);
/** Python's `any(c.isalnum() for c in s)` (isalnum: letters and numeric characters). */
export const hasPyAlnum = (s: string): boolean => ALNUM.test(s);
/** Python's `s[0].isalnum()` for the first code point. */
export const firstIsPyAlnum = (s: string): boolean => {
  const cp = s.codePointAt(0);
  return cp !== undefined && ALNUM.test(String.fromCodePoint(cp));
};
