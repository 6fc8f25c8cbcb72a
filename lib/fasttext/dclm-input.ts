/** Python's str.isspace() characters (what `str.strip()` removes). */
const isPyWhitespace = (c: number): boolean =>
  (c >= 0x09 && c <= 0x0d) ||
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

/** Python's str.splitlines() boundaries (\r\n counts once). */
const LINE_BREAKS = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;

/**
 * The text a DCLM fastText classifier sees: `" ".join(text.strip().splitlines())`
 * (`classify_fasttext_hq_prob_enricher`). Used for training and for prediction alike.
 */
export const dclmInput = (text: string): string => {
  let s = 0;
  let e = text.length;
  while (s < e && isPyWhitespace(text.charCodeAt(s))) s++;
  while (e > s && isPyWhitespace(text.charCodeAt(e - 1))) e--;
  return text.slice(s, e).replace(LINE_BREAKS, " ");
};
