import { z } from "zod";
import { getTokenCounter } from "@/lib/annotators/tokenizers";
import { codePointLength, ratio, round, splitLines, splitWords } from "@/lib/annotators/text-utils";
import type { TAnnotator } from "@/lib/annotators/types";

const ZConfig = z.object({
  /** A gpt-tokenizer encoding (o200k_base, cl100k_base, p50k_base), a path to a Hugging Face tokenizer.json, or "none". */
  tokenizer: z.string().min(1).default("o200k_base"),
});
type TConfig = z.infer<typeof ZConfig>;

export const statsAnnotator: TAnnotator<TConfig> = {
  id: "stats",
  version: "1",
  title: "Text statistics and token count",
  description: "Characters, words, lines, mean word length, and tokens under a chosen tokenizer.",
  configSchema: ZConfig,
  columns: (c) => [
    { name: "stats.n_chars", type: "BIGINT", description: "Unicode characters" },
    { name: "stats.n_words", type: "BIGINT", description: "Whitespace-separated words" },
    { name: "stats.n_lines", type: "BIGINT", description: "Lines (newline-separated)" },
    { name: "stats.mean_word_length", type: "DOUBLE", description: "Mean characters per word" },
    ...(c.tokenizer === "none" ? [] : [{ name: "stats.n_tokens", type: "BIGINT" as const, description: `Tokens (${c.tokenizer})` }]),
  ],
  annotate: async (docs, c) => {
    const count = c.tokenizer === "none" ? null : await getTokenCounter(c.tokenizer);
    return docs.map(({ text }) => {
      const words = splitWords(text);
      const wordChars = words.reduce((a, w) => a + codePointLength(w), 0);
      const row: Record<string, unknown> = {
        "stats.n_chars": codePointLength(text),
        "stats.n_words": words.length,
        "stats.n_lines": text.length === 0 ? 0 : splitLines(text).length,
        "stats.mean_word_length": round(ratio(wordChars, words.length), 4),
      };
      if (count) row["stats.n_tokens"] = count(text);
      return row;
    });
  },
};
