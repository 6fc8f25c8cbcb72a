import { z } from "zod";
import { ZFilterSchema } from "@/lib/corpora/document-filters";

export const SAMPLING_METHODS = ["top_k", "uniform", "temperature", "gumbel_top_k", "dataman"] as const;

export const ZScoreTermSchema = z.object({
  column: z.string().min(1),
  weight: z.number().default(1),
  /** zscore: (x − mean)/sd over the filtered documents; minmax: (x − min)/(max − min); none: raw. */
  normalize: z.enum(["zscore", "minmax", "none"]).default("zscore"),
});

/** A recipe: which documents to take from a corpus version, how many, in what mix. Versioned JSON. */
export const ZRecipeSchema = z.object({
  schemaVersion: z.literal(1).default(1),
  name: z.string().trim().min(1).max(200).default("recipe"),
  corpusId: z.string().min(1),
  versionId: z.string().min(1).optional(),
  filters: z.array(ZFilterSchema).max(50).default([]),
  /** Quality score: a weighted sum of (normalised) numeric columns. No terms: every document scores 0. */
  score: z.object({ terms: z.array(ZScoreTermSchema).max(20) }).default({ terms: [] }),
  sampling: z
    .object({
      method: z.enum(SAMPLING_METHODS).default("top_k"),
      /** τ for temperature and Gumbel top-k sampling. */
      temperature: z.number().positive().default(1),
    })
    .default({ method: "top_k", temperature: 1 }),
  /** Target share of the budget per value of a column (e.g. source). Values not listed get nothing. */
  mix: z
    .object({ column: z.string().min(1), targets: z.record(z.string(), z.number().min(0)) })
    .nullable()
    .default(null),
  budget: z
    .object({
      unit: z.enum(["tokens", "docs"]).default("tokens"),
      /** Null: no cap (every document that passes the filters, once). */
      value: z.number().positive().nullable().default(null),
      /** Column holding token counts; default `stats.n_tokens` when annotated, else n_chars / 4 (estimated). */
      tokenColumn: z.string().optional(),
    })
    .default({ unit: "tokens", value: null }),
  /** Most times one document may be repeated to fill its group's quota. */
  maxEpochs: z.number().min(1).max(1000).default(1),
  seed: z.number().int().min(0).default(0),
  output: z
    .object({
      format: z.enum(["jsonl.zst", "jsonl.gz", "parquet"]).default("jsonl.zst"),
      shardDocs: z.number().int().min(1).max(10_000_000).default(100_000),
    })
    .default({ format: "jsonl.zst", shardDocs: 100_000 }),
});
export type TRecipe = z.infer<typeof ZRecipeSchema>;
export type TRecipeInput = z.input<typeof ZRecipeSchema>;
