import type { DuckDBConnection } from "@duckdb/node-api";
import type { z } from "zod";
import type { TModelKind } from "@/db/schema";

export type TColumnType = "BIGINT" | "DOUBLE" | "BOOLEAN" | "VARCHAR";

/** A column an annotator writes. Names are namespaced by the annotator: `gopher_quality.word_count`. */
export type TColumnSpec = { name: string; type: TColumnType; description: string; better?: "higher" | "lower" };

export type TAnnotatorDoc = { id: string; text: string };

/** A line-level rule hit, for highlighting in the inspector (0-based line index). */
export type TFlaggedLine = { line: number; rule: string };

/** What a global annotator's finalisation sees: every document's signatures, in corpus order. */
export type TGlobalFinalizeInput<C> = {
  conn: DuckDBConnection;
  /** Temp table with `id`, `shard`, `row`, `ord` (0-based position in corpus order) and the signature columns. */
  table: string;
  /** Document ids in corpus order (`ord`). */
  ids: string[];
  config: C;
  heartbeat: () => void;
};

/** One value per document (in `ord` order) for each declared column, and figures for the run log. */
export type TGlobalFinalize<C> = (input: TGlobalFinalizeInput<C>) => Promise<{ values: Record<string, unknown[]>; stats: Record<string, number> }>;

export type TAnnotator<C> = {
  id: string;
  version: string;
  title: string;
  description: string;
  /** Every threshold is editable; defaults are the published values. `parse({})` gives the defaults. */
  configSchema: z.ZodType<C>;
  columns: (config: C) => TColumnSpec[];
  /**
   * Global annotators (dedup, perplexity buckets) need every document before they can answer: their
   * `annotate` returns per-document signatures (`signatureColumns`), and the annotation run's global
   * step calls `finalize` once with all signatures to compute the declared `columns`.
   */
  global?: { signatureColumns: { name: string; type: TColumnType | "UBIGINT[]" }[]; finalize: TGlobalFinalize<C> };
  /** The annotator reads a model from the `models` table, chosen by id in config key `configKey` (the annotate panel offers a picker). */
  model?: { kind: TModelKind; configKey: string };
  /** Checks a parsed config before a run is created (e.g. that the chosen model exists); throws AppError. */
  validate?: (config: C) => void;
  /** One row per document, keyed by column name (for global annotators: the signature columns). */
  annotate: (docs: TAnnotatorDoc[], config: C) => Record<string, unknown>[] | Promise<Record<string, unknown>[]>;
  /** Lines that tripped a line-level rule, for the inspector. */
  flagLines?: (text: string, config: C) => TFlaggedLine[];
};

/** An annotator of any config type (for registries and generic code). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TAnyAnnotator = TAnnotator<any>;
