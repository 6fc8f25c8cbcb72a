import type { TTokenCodec } from "@/lib/annotators/tokenizers";

/** DataMan EN defaults: the character pre-cut and the token budget of the text in the prompt. */
export const DATAMAN_CHAR_MAX = 20_000;
export const DATAMAN_MAX_TOKENS = 1894;

// DataMan's `regular_filtering`: a leading quoted ellipsis, and markdown empty-alt image links ending a line.
const ELLIPSIS = /^["“”]…+["“”]|^["“”]\.\.\.+["“”]/;
const IMAGE_LINK = /!\[\]\(\/?[^)]+\)\n/g;

export const cleanText = (text: string): string => text.replace(ELLIPSIS, "").replace(IMAGE_LINK, "");

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** The first `n` code points (Python slices count code points, not UTF-16 units), without splitting the string up. */
const headCodePoints = (text: string, n: number): string => {
  let i = 0;
  for (let k = 0; k < n && i < text.length; k++) i += isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
  return text.slice(0, i);
};

/** The last `n` code points. */
const tailCodePoints = (text: string, n: number): string => {
  let i = text.length;
  for (let k = 0; k < n && i > 0; k++) i -= isLow(text.charCodeAt(i - 1)) && i >= 2 && isHigh(text.charCodeAt(i - 2)) ? 2 : 1;
  return text.slice(i);
};

/** Code points in `text`, counting at most up to `limit + 1`. */
const codePointsOver = (text: string, limit: number): boolean => {
  if (text.length <= limit) return false;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    if (!(isLow(text.charCodeAt(i)) && i > 0 && isHigh(text.charCodeAt(i - 1)))) n++;
    if (n > limit) return true;
  }
  return false;
};

/**
 * DataMan's middle-out truncation (`dataman_annotate.py`): a text longer than `charMax`
 * characters is tokenized as its first and last `charMax/2` characters; if it has more than
 * `maxTokens` tokens, the first ⌊max/2⌋ and last ⌈max/2⌉ tokens are kept with a literal "..."
 * between them; the result is detokenized and stripped. `tokens` is the count of the tokens kept
 * (with "..." as one, as DataMan counts it).
 */
export const truncateMiddleOut = (text: string, codec: TTokenCodec, maxTokens = DATAMAN_MAX_TOKENS, charMax = DATAMAN_CHAR_MAX): { text: string; tokens: number; truncated: boolean } => {
  const cut = codePointsOver(text, charMax);
  const ids = cut ? [...codec.encode(headCodePoints(text, Math.floor(charMax / 2))), ...codec.encode(tailCodePoints(text, Math.ceil(charMax / 2)))] : codec.encode(text);
  if (ids.length > maxTokens) {
    const first = ids.slice(0, Math.floor(maxTokens / 2));
    const last = ids.slice(ids.length - Math.ceil(maxTokens / 2));
    return { text: `${codec.decode(first)}...${codec.decode(last)}`.trim(), tokens: first.length + 1 + last.length, truncated: true };
  }
  // Within the budget: the tokens round-trip to the same text (both halves when pre-cut).
  return { text: (cut ? codec.decode(ids) : text).trim(), tokens: ids.length, truncated: cut };
};
