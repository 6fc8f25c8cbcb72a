import type { TAttributeColumn } from "@/lib/annotate/attribute-sets";
import type { TParquetColumn } from "@/lib/duckdb/write-parquet";
import type { TRefinedDocument } from "@/lib/refine/refine-document";

/** File group of a refinement's attribute set: one `programs/part-N.parquet` per input shard. */
export const PROGRAMS_TABLE = "programs";

const P = "refine";

/** Per document of the parent version: what its refinement program did (namespace `refine.`). */
export const PROGRAM_COLUMNS: TAttributeColumn[] = [
  { name: `${P}.program`, type: "VARCHAR", description: "The program (ProX DSL) run on the document", table: PROGRAMS_TABLE },
  { name: `${P}.origins`, type: "VARCHAR", description: "Which source wrote which program lines, in order (lm:2,email_headers:1)", table: PROGRAMS_TABLE },
  { name: `${P}.dropped`, type: "BOOLEAN", description: "Dropped from the refined version", better: "lower", table: PROGRAMS_TABLE },
  { name: `${P}.dropped_by`, type: "VARCHAR", description: "What dropped it: a rule id, lm, or acceptance (low word ratio or short)", table: PROGRAMS_TABLE },
  { name: `${P}.drop_reason`, type: "VARCHAR", description: "drop_doc, low_ratio or short; null when kept", table: PROGRAMS_TABLE },
  { name: `${P}.changed`, type: "BOOLEAN", description: "The refined text differs from the original (or the document was dropped)", table: PROGRAMS_TABLE },
  { name: `${P}.applied`, type: "BOOLEAN", description: "False when the program was ignored for its errors (the text is unchanged)", better: "higher", table: PROGRAMS_TABLE },
  { name: `${P}.lines_removed`, type: "BIGINT", description: "Lines removed (every line when dropped)", table: PROGRAMS_TABLE },
  { name: `${P}.chars_removed`, type: "BIGINT", description: "Characters removed, net of normalizations (every character when dropped)", table: PROGRAMS_TABLE },
  { name: `${P}.n_errors`, type: "BIGINT", description: "Errors in the program (bad lines, out-of-range lines, a normalize source that does not occur)", better: "lower", table: PROGRAMS_TABLE },
  { name: `${P}.error`, type: "VARCHAR", description: "The error messages, joined with '; '; null when none", table: PROGRAMS_TABLE },
];

export const PROGRAM_PARQUET_COLUMNS: TParquetColumn[] = [
  { name: "id", type: "VARCHAR" },
  ...PROGRAM_COLUMNS.map((c) => ({ name: c.name, type: c.type as TParquetColumn["type"] })),
];

/** Longest error text stored per document. */
const MAX_ERROR_CHARS = 2000;

export const programRow = (id: string, r: TRefinedDocument): Record<string, unknown> => {
  const error = r.errors.map((e) => e.message).join("; ");
  return {
    id,
    [`${P}.program`]: r.program,
    [`${P}.origins`]: r.origins,
    [`${P}.dropped`]: r.dropped,
    [`${P}.dropped_by`]: r.droppedBy,
    [`${P}.drop_reason`]: r.dropReason,
    [`${P}.changed`]: r.changed,
    [`${P}.applied`]: r.applied,
    [`${P}.lines_removed`]: r.linesRemoved,
    [`${P}.chars_removed`]: r.charsRemoved,
    [`${P}.n_errors`]: r.errors.length,
    [`${P}.error`]: error === "" ? null : error.length > MAX_ERROR_CHARS ? `${error.slice(0, MAX_ERROR_CHARS)}…` : error,
  };
};
