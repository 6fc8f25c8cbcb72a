import { z } from "zod";
import { checkTokenizerName, getTokenCounter } from "@/lib/annotators/tokenizers";
import type { TAnnotator, TColumnSpec } from "@/lib/annotators/types";
import * as tu from "@/lib/annotators/text-utils";

// Module-local copies: under tsx/esbuild every imported binding is a getter, too slow for hot loops.
const { C_SPACE, CHAR_CLASS, ratio } = tu;

const ZConfig = z.object({
  /** A gpt-tokenizer encoding (o200k_base, cl100k_base, p50k_base, r50k_base), a path to a Hugging Face tokenizer.json, or "none". */
  tokenizer: z.string().min(1).default("o200k_base"),
});
export type TStatsConfig = z.infer<typeof ZConfig>;

export type TTextStats = { n_chars: number; n_bytes: number; n_words: number; n_lines: number; mean_word_length: number };

/**
 * Characters (code points), UTF-8 bytes, whitespace words, lines and mean word length (code
 * points per word), in one pass. Lines: newline-separated, a final newline does not start a new
 * line, an empty text has none.
 */
export const textStats = (text: string): TTextStats => {
  const n = text.length;
  let chars = 0;
  let words = 0;
  let wordChars = 0;
  let newlines = 0;
  let inWord = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // The low half of a surrogate pair is not a character of its own.
    if ((c & 0xfc00) === 0xdc00 && i > 0 && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800) continue;
    chars++;
    if (c === 10) newlines++;
    if (CHAR_CLASS[c] & C_SPACE) inWord = false;
    else {
      if (!inWord) words++;
      inWord = true;
      wordChars++;
    }
  }
  const lines = n === 0 ? 0 : newlines + (text.charCodeAt(n - 1) === 10 ? 0 : 1);
  return { n_chars: chars, n_bytes: Buffer.byteLength(text, "utf8"), n_words: words, n_lines: lines, mean_word_length: ratio(wordChars, words) };
};

const P = "stats";

export const statsAnnotator: TAnnotator<TStatsConfig> = {
  id: P,
  version: "2",
  title: "Text statistics and token count",
  description: "Characters, UTF-8 bytes, words, lines, mean word length, and tokens under a chosen tokenizer.",
  configSchema: ZConfig,
  columns: (c): TColumnSpec[] => [
    { name: `${P}.n_chars`, type: "BIGINT", description: "Unicode characters (code points)" },
    { name: `${P}.n_bytes`, type: "BIGINT", description: "UTF-8 bytes" },
    { name: `${P}.n_words`, type: "BIGINT", description: "Whitespace-separated words" },
    { name: `${P}.n_lines`, type: "BIGINT", description: "Lines (a final newline does not start a new one)" },
    { name: `${P}.mean_word_length`, type: "DOUBLE", description: "Mean characters per word" },
    ...(c.tokenizer === "none" ? [] : [{ name: `${P}.n_tokens`, type: "BIGINT" as const, description: `Tokens (${c.tokenizer}), special tokens not added` }]),
  ],
  validate: (c) => checkTokenizerName(c.tokenizer),
  annotate: async (docs, c) => {
    const count = c.tokenizer === "none" ? null : await getTokenCounter(c.tokenizer);
    return docs.map(({ text }) => {
      const s = textStats(text);
      const row: Record<string, unknown> = {
        [`${P}.n_chars`]: s.n_chars,
        [`${P}.n_bytes`]: s.n_bytes,
        [`${P}.n_words`]: s.n_words,
        [`${P}.n_lines`]: s.n_lines,
        [`${P}.mean_word_length`]: s.mean_word_length,
      };
      if (count) row[`${P}.n_tokens`] = count(text);
      return row;
    });
  },
};
