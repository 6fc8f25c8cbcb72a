import { z } from "zod";
import { ZFilterSchema } from "@/lib/corpora/document-filters";

/**
 * Bounds of every number in a recipe. Numbers reach DuckDB as bound parameters, where a whole
 * number at or above 2^63 cannot be bound (a 500 "bigint out of int64 range"), and a temperature
 * near 0 divides scores into such numbers; out-of-range input is a 422 naming the field instead.
 */
export const RECIPE_LIMITS = {
  /** Tokens or documents: 10^15 is far beyond any corpus and exact in a double. */
  maxBudget: 1e15,
  /** τ: below 10^-3, exp(score/τ) is top-k in all but name, and keys overflow the binning. */
  minTemperature: 1e-3,
  maxTemperature: 1e3,
  maxWeight: 1e6,
  maxMixTarget: 1e15,
  maxEpochs: 1000,
  /** The seeded uniform takes seeds below 2^53 (lib/recipes/seeded-uniform.ts). */
  maxSeed: Number.MAX_SAFE_INTEGER,
} as const;

export const SAMPLING_METHODS = ["top_k", "uniform", "temperature", "gumbel_top_k", "dataman"] as const;

export const ZScoreTermSchema = z.object({
  column: z.string().min(1),
  weight: z.number().min(-RECIPE_LIMITS.maxWeight).max(RECIPE_LIMITS.maxWeight).default(1),
  /** zscore: (x − mean)/sd over the filtered documents; minmax: (x − min)/(max − min); none: raw. */
  normalize: z.enum(["zscore", "minmax", "none"]).default("zscore"),
});

/** A recipe: which documents to take from a corpus version, how many, in what mix. Versioned JSON. */
export const ZRecipeSchema = z.object({
  schemaVersion: z.literal(1).default(1),
  name: z.string().trim().min(1).max(200).default("recipe"),
  corpusId: z.string().min(1),
  /** The corpus version read (pinned when saved; unsaved recipes without one read the current version). */
  versionId: z.string().min(1).optional(),
  /** The attribute sets its columns come from (recorded when saved; they win over newer sets of the same columns). */
  attributeSetIds: z.array(z.string().min(1)).max(100).optional(),
  filters: z.array(ZFilterSchema).max(50).default([]),
  /** Quality score: a weighted sum of (normalised) numeric columns. No terms: every document scores 0. */
  score: z.object({ terms: z.array(ZScoreTermSchema).max(20) }).default({ terms: [] }),
  sampling: z
    .object({
      method: z.enum(SAMPLING_METHODS).default("top_k"),
      /** τ for temperature and Gumbel top-k sampling. */
      temperature: z.number().min(RECIPE_LIMITS.minTemperature).max(RECIPE_LIMITS.maxTemperature).default(1),
    })
    .default({ method: "top_k", temperature: 1 }),
  /** Target share of the budget per value of a column (e.g. source). Values not listed get nothing. */
  mix: z
    .object({ column: z.string().min(1), targets: z.record(z.string(), z.number().min(0).max(RECIPE_LIMITS.maxMixTarget)) })
    .nullable()
    .default(null),
  budget: z
    .object({
      unit: z.enum(["tokens", "docs"]).default("tokens"),
      /** Null: no cap (every document that passes the filters, once). */
      value: z.number().positive().max(RECIPE_LIMITS.maxBudget).nullable().default(null),
      /** Column holding token counts; default `stats.n_tokens` when annotated, else n_chars / 4 (estimated). */
      tokenColumn: z.string().optional(),
    })
    .default({ unit: "tokens", value: null }),
  /** Most times one document may be repeated to fill its group's quota. */
  maxEpochs: z.number().min(1).max(RECIPE_LIMITS.maxEpochs).default(1),
  seed: z.number().int().min(0).max(RECIPE_LIMITS.maxSeed).default(0),
  output: z
    .object({
      format: z.enum(["jsonl.zst", "jsonl.gz", "parquet"]).default("jsonl.zst"),
      shardDocs: z.number().int().min(1).max(10_000_000).default(100_000),
    })
    .default({ format: "jsonl.zst", shardDocs: 100_000 }),
});
export type TRecipe = z.infer<typeof ZRecipeSchema>;
export type TRecipeInput = z.input<typeof ZRecipeSchema>;
