import type { z } from "zod";
import type { TModelKind } from "@/db/schema";

export type TColumnType = "BIGINT" | "DOUBLE" | "BOOLEAN" | "VARCHAR";

/** A column an annotator writes. Names are namespaced by the annotator: `gopher_quality.word_count`. */
export type TColumnSpec = { name: string; type: TColumnType; description: string; better?: "higher" | "lower" };

export type TAnnotatorDoc = { id: string; text: string };

/** A line-level rule hit, for highlighting in the inspector (0-based line index). */
export type TFlaggedLine = { line: number; rule: string };

export type TAnnotator<C> = {
  id: string;
  version: string;
  title: string;
  description: string;
  /** Every threshold is editable; defaults are the published values. `parse({})` gives the defaults. */
  configSchema: z.ZodType<C>;
  columns: (config: C) => TColumnSpec[];
  /**
   * Global annotators (dedup) need every document before they can answer: their `annotate` returns
   * per-document signatures (`signatureColumns`), and a global step turns all signatures into the
   * declared `columns`.
   */
  global?: { signatureColumns: { name: string; type: "VARCHAR" | "UBIGINT[]" }[] };
  /** One row per document, keyed by column name (for global annotators: the signature columns). */
  annotate: (docs: TAnnotatorDoc[], config: C) => Record<string, unknown>[] | Promise<Record<string, unknown>[]>;
  /**
   * Checks what the schema cannot (a model exists, its labels): called when a run is planned, so a
   * bad choice fails before any task runs. Throws an AppError.
   */
  checkConfig?: (config: C) => void;
  /** The config key `model` names a model of this kind (the annotate panel offers a picker). */
  modelKind?: TModelKind;
  /** Lines that tripped a line-level rule, for the inspector. */
  flagLines?: (text: string, config: C) => TFlaggedLine[];
};

/** An annotator of any config type (for registries and generic code). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TAnyAnnotator = TAnnotator<any>;
