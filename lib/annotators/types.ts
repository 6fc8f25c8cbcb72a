import type { z } from "zod";

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
  /** One row per document, keyed by column name. */
  annotate: (docs: TAnnotatorDoc[], config: C) => Record<string, unknown>[] | Promise<Record<string, unknown>[]>;
  /** Lines that tripped a line-level rule, for the inspector. */
  flagLines?: (text: string, config: C) => TFlaggedLine[];
};
