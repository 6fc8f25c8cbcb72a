import { z } from "zod";
import type { TAnnotator, TColumnSpec, TGlobalFinalize } from "@/lib/annotators/types";
import { toNumber } from "@/lib/duckdb/instance";
import { AppError } from "@/lib/errors";
import { loadNgramModel, resolveNgramModel, type TNgramModelRef } from "@/lib/ngram/load-model";
import { perplexityOf } from "@/lib/ngram/model";

/**
 * CCNet-style perplexity under an n-gram language model (a model trained in the studio by a
 * `train_ngram` run, or any ARPA file, e.g. one made by KenLM's lmplz):
 * - each non-blank line is a sentence between `<s>` and `</s>`; the document's log10 probability is
 *   the sum over its lines, its token count includes one `</s>` per line, and
 *   ppl = 10^(−log10 p / tokens), as KenLM's query and CCNet compute it (CCNet rounds to 0.1; we don't);
 * - bucket: `head` below the 33rd percentile of the corpus's perplexities, `middle` below the 66th,
 *   `tail` above (CCNet's cut), or fixed cutoffs from the config. The percentiles need the whole
 *   corpus, so ppl is computed per shard and the buckets in the run's global step.
 * A document without tokens gets null everywhere.
 */
const ZConfig = z
  .object({
    /** A trained n-gram model (models table). */
    model_id: z.string().trim().default(""),
    /** Or an ARPA file (.arpa, .arpa.gz) under the allowed data roots. */
    arpa_path: z.string().trim().default(""),
    /** Tokenizer for an ARPA file (a trained model uses the one it was trained with): words | whitespace. */
    tokenizer: z.enum(["words", "whitespace"]).default("words"),
    lowercase: z.boolean().default(true),
    digits_to_zero: z.boolean().default(true),
    /** Fixed cutoffs: head below this perplexity … (0 with tail_above 0: the corpus's 33rd/66th percentiles). */
    head_below: z.number().min(0).default(0),
    /** … tail above this one. */
    tail_above: z.number().min(0).default(0),
  })
  .refine((c) => (c.head_below === 0) === (c.tail_above === 0), { message: "set both head_below and tail_above, or neither (corpus tertiles)", path: ["tail_above"] })
  .refine((c) => c.head_below <= c.tail_above, { message: "head_below must not exceed tail_above", path: ["head_below"] });
export type TPerplexityConfig = z.infer<typeof ZConfig>;

const P = "perplexity";

export const modelRefOf = (c: TPerplexityConfig): TNgramModelRef => {
  if (c.model_id && c.arpa_path) throw new AppError("UNPROCESSABLE", "perplexity: choose a trained model (model_id) or an ARPA file (arpa_path), not both");
  if (c.model_id) return { modelId: c.model_id };
  if (c.arpa_path) return { arpaPath: c.arpa_path, tokenizer: { mode: c.tokenizer, lowercase: c.lowercase, digits_to_zero: c.digits_to_zero } };
  throw new AppError("UNPROCESSABLE", "perplexity: choose a trained n-gram model (model_id) or an ARPA file (arpa_path)");
};

/** Per-document perplexity from every document's signatures, and the buckets from their percentiles. */
const finalize: TGlobalFinalize<TPerplexityConfig> = async ({ conn, table, config }) => {
  const ppl = `"${P}.ppl"`;
  let head = config.head_below;
  let tail = config.tail_above;
  if (head === 0 && tail === 0) {
    const q = (await conn.runAndReadAll(`SELECT quantile_cont(${ppl}, 0.33), quantile_cont(${ppl}, 0.66) FROM ${table} WHERE ${ppl} IS NOT NULL`)).getRowsJS()[0];
    head = q[0] === null ? 0 : Number(q[0]);
    tail = q[1] === null ? 0 : Number(q[1]);
  }
  const rows = (
    await conn.runAndReadAll(
      `SELECT ${ppl}, "${P}.log10_prob", "${P}.n_tokens",
              CASE WHEN ${ppl} IS NULL THEN NULL WHEN ${ppl} < $1 THEN 'head' WHEN ${ppl} < $2 THEN 'middle' ELSE 'tail' END
       FROM ${table} ORDER BY ord`,
      [head, tail],
    )
  ).getRowsJS();
  const count = (b: string) => rows.filter((r) => r[3] === b).length;
  return {
    values: {
      [`${P}.ppl`]: rows.map((r) => r[0]),
      [`${P}.log10_prob`]: rows.map((r) => r[1]),
      [`${P}.n_tokens`]: rows.map((r) => (r[2] === null ? null : toNumber(r[2]))),
      [`${P}.bucket`]: rows.map((r) => r[3]),
    },
    stats: { perplexity_head_below: head, perplexity_tail_above: tail, perplexity_head: count("head"), perplexity_middle: count("middle"), perplexity_tail: count("tail") },
  };
};

export const perplexityAnnotator: TAnnotator<TPerplexityConfig> = {
  id: P,
  version: "1",
  title: "Perplexity (n-gram LM)",
  description:
    "Perplexity of each document under a Kneser-Ney n-gram model trained in the studio (Train n-gram model) or loaded from an ARPA file (KenLM's format), scored line by line as CCNet does; head/middle/tail buckets at the corpus's 33rd and 66th percentiles, or at fixed cutoffs.",
  configSchema: ZConfig,
  model: { kind: "ngram", configKey: "model_id" },
  validate: (c) => void resolveNgramModel(modelRefOf(c)),
  global: {
    signatureColumns: [
      { name: `${P}.ppl`, type: "DOUBLE" },
      { name: `${P}.log10_prob`, type: "DOUBLE" },
      { name: `${P}.n_tokens`, type: "BIGINT" },
    ],
    finalize,
  },
  columns: (): TColumnSpec[] => [
    { name: `${P}.ppl`, type: "DOUBLE", description: "Perplexity: 10^(−log10 p / tokens), every line scored between <s> and </s>", better: "lower" },
    { name: `${P}.log10_prob`, type: "DOUBLE", description: "Sum of log10 p over every token and every </s>", better: "higher" },
    { name: `${P}.n_tokens`, type: "BIGINT", description: "Tokens scored, one </s> per non-blank line included" },
    { name: `${P}.bucket`, type: "VARCHAR", description: "head / middle / tail: below the 33rd, below the 66th, or above the 66th percentile of the corpus's perplexity (CCNet), or the fixed cutoffs" },
  ],
  annotate: async (docs, c) => {
    const { scorer, tokenizer } = await loadNgramModel(modelRefOf(c));
    return docs.map(({ text }) => {
      const s = scorer.scoreText(text, tokenizer);
      const ppl = perplexityOf(s.log10Prob, s.nTokens);
      return { [`${P}.ppl`]: ppl, [`${P}.log10_prob`]: ppl === null ? null : s.log10Prob, [`${P}.n_tokens`]: s.nTokens };
    });
  },
};
