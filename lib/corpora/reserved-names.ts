/**
 * The prefix of every internal column the query layer creates (positions, previews, hashes, ranks):
 * a user column can never take one of these names (ingest renames such fields; the query layer
 * hides and refuses them). A pure module, so client code (recipe and filter schemas) can import it.
 */
export const RESERVED_PREFIX = "__winnow_";
export const isReservedName = (name: string): boolean => name.toLowerCase().startsWith(RESERVED_PREFIX);

/** Names DuckDB gives its own columns of a table or a Parquet scan: a user column with one of them hides DuckDB's. */
export const DUCKDB_PSEUDO_COLUMNS: readonly string[] = ["rowid", "filename", "file_index", "file_row_number"];
