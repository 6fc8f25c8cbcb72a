import { DUCKDB_PSEUDO_COLUMNS } from "@/lib/corpora/reserved-names";

/**
 * Names of stored metadata columns. Ingest guarantees that no metadata column a corpus version
 * stores can be mistaken for an internal or pseudo-column by the query layer:
 *
 * - no name starts with `__` (so none with the query layer's reserved `__winnow_` prefix);
 * - no name equals, case-insensitively, a base column (`id`, `text`, `source`, `n_chars`) or a
 *   name in {@link RESERVED_FIELD_NAMES} (DuckDB pseudo-columns such as `rowid`, `filename`,
 *   `file_row_number`, `file_index`, and internal names such as `__preview`);
 * - no name is empty;
 * - no two names differ only in case.
 *
 * A field that would break one of these rules is stored under another name, chosen by a fixed
 * rule (see {@link FieldNamer}); the rename is reported in the ingest summary and run log.
 */

/** Columns every corpus version has; a metadata field with one of these names is renamed. */
export const BASE_COLUMN_NAMES = ["id", "text", "source", "n_chars"] as const;

/**
 * Names (compared case-insensitively) a metadata column may never take, besides the base columns
 * and anything starting with `__`: DuckDB pseudo-columns and the query layer's internal names.
 */
export const RESERVED_FIELD_NAMES: readonly string[] = [
  ...DUCKDB_PSEUDO_COLUMNS,
  "__preview",
  "__rowid",
  "__winnow_rowid",
  "__winnow_preview",
];

export type TRenameReason = "reserved" | "internal_prefix" | "empty" | "case_twin";

export type TRenamedField = { field: string; column: string; reason: TRenameReason };

export const RENAME_REASON_LABELS: Record<TRenameReason, string> = {
  reserved: "reserved column name",
  internal_prefix: "names starting with __ are reserved",
  empty: "empty field name",
  case_twin: "same name, ignoring case, as another column",
};

const RESERVED = new Set<string>([...BASE_COLUMN_NAMES, ...RESERVED_FIELD_NAMES].map((n) => n.toLowerCase()));

/** Whether `name` may be stored as a metadata column as it is (ignoring clashes with other fields). */
export const isReservedFieldName = (name: string): boolean => name === "" || name.startsWith("__") || RESERVED.has(name.toLowerCase());

/**
 * Assigns each metadata field its column name, first come first served, deterministically for a
 * given input order:
 *
 * 1. an empty name becomes `field_empty`;
 * 2. a name starting with `__` becomes `orig_` + the name without its leading underscores
 *    (`__preview` → `orig_preview`, `__winnow_id` → `orig_winnow_id`);
 * 3. a reserved name becomes `orig_` + the name (`rowid` → `orig_rowid`, `Text` → `orig_Text`);
 * 4. if the result equals, ignoring case, a column already taken (by an earlier field, a base
 *    column, a reserved name, or the input's text or id field name), `_2`, `_3` … is appended
 *    until it does not
 *    (`orig_ID` then `orig_id` → `orig_ID`, `orig_id_2`).
 */
export class FieldNamer {
  private readonly columns = new Map<string, string>();
  private readonly taken = new Set<string>(RESERVED);
  readonly renamed: TRenamedField[] = [];

  /** `layoutNames`: the text and id fields, kept free of case twins among the metadata columns. */
  constructor(layoutNames: string[] = []) {
    for (const n of layoutNames) this.taken.add(n.toLowerCase());
  }

  /** The column for `field` (assigned on first sight). */
  columnOf(field: string): string {
    const known = this.columns.get(field);
    if (known !== undefined) return known;
    let base = field;
    let reason: TRenameReason | null = null;
    if (field === "") {
      base = "field_empty";
      reason = "empty";
    } else if (field.startsWith("__")) {
      const stripped = field.replace(/^_+/, "");
      base = `orig_${stripped === "" ? "underscores" : stripped}`;
      reason = "internal_prefix";
    } else if (RESERVED.has(field.toLowerCase())) {
      base = `orig_${field}`;
      reason = "reserved";
    }
    let column = base;
    for (let n = 2; this.taken.has(column.toLowerCase()); n++) {
      column = `${base}_${n}`;
      reason ??= "case_twin";
    }
    this.taken.add(column.toLowerCase());
    this.columns.set(field, column);
    if (reason) this.renamed.push({ field, column, reason });
    return column;
  }
}
