import type { DuckDBConnection } from "@duckdb/node-api";
import type { z } from "zod";
import type { TInferenceStats } from "@/lib/inference/stats";
import type { TModelKind } from "@/db/schema";

export type TColumnType = "BIGINT" | "DOUBLE" | "BOOLEAN" | "VARCHAR";

/** A column an annotator writes. Names are namespaced by the annotator: `gopher_quality.word_count`. */
export type TColumnSpec = { name: string; type: TColumnType; description: string; better?: "higher" | "lower" };

export type TAnnotatorDoc = { id: string; text: string };

/** A line-level rule hit, for highlighting in the inspector (0-based line index). */
export type TFlaggedLine = { line: number; rule: string };

/**
 * What the task running an annotator gives it. Model-backed annotators use it to stop their
 * requests when the run is cancelled (or the task's lease is lost) and to count their calls for
 * the run page. Absent outside runs (the CLI's annotate-file).
 */
export type TAnnotateContext = {
  signal: AbortSignal;
  /** This annotator's call counters for the task, added to in place. */
  inference: TInferenceStats;
};

/** A stratified random sample: `size` documents in all, split over sources in proportion, chosen by md5(id, seed). */
export type TSampleSpec = { size: number; seed: number };
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
  /** Checks what a parsed config refers to (a model, an endpoint, a file) before a run is created; throws AppError. */
  validate?: (config: C) => void;
  /** One row per document, keyed by column name (for global annotators: the signature columns). */
  annotate: (docs: TAnnotatorDoc[], config: C, ctx?: TAnnotateContext) => Record<string, unknown>[] | Promise<Record<string, unknown>[]>;
  /** Model-backed annotators: the inference endpoint the config uses (not timed by estimates; calls counted per run). */
  endpointId?: (config: C) => string;
  /** Annotate only a sample of the documents (null: all); the others get `unsampledRow`. */
  sample?: (config: C) => TSampleSpec | null;
  unsampledRow?: (config: C) => Record<string, unknown>;
  /** Lines that tripped a line-level rule, for the inspector. */
  flagLines?: (text: string, config: C) => TFlaggedLine[];
};

/** An annotator of any config type (for registries and generic code). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TAnyAnnotator = TAnnotator<any>;
