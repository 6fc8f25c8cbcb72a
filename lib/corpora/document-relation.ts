import { attributeColumns, attributeTables, listReadyAttributeSets, type TAttributeSetRow } from "@/lib/annotate/attribute-sets";
import { dataPath } from "@/lib/corpora/paths";
import { listShards, type TColumn, type TCorpusVersionRow } from "@/lib/corpora/versions";
import { quoteIdent, quoteLiteral } from "@/lib/duckdb/instance";
import { DUCKDB_PSEUDO_COLUMNS, isReservedName, RESERVED_PREFIX } from "@/lib/corpora/reserved-names";

/** A queryable column: its name, DuckDB type, SQL expression, and where it comes from. */
export type TRelationColumn = TColumn & {
  expr: string;
  origin: "document" | "attribute";
  attributeSetId?: string;
  description?: string;
  better?: "higher" | "lower";
};

export type TDocumentRelation = {
  /** Identifies the relation: the version and the attribute sets joined to it. */
  key: string;
  from: string;
  /** ORDER BY expression for corpus order (shard, then row within the shard); joins do not keep it. */
  corpusOrder: string;
  columns: TRelationColumn[];
  byName: Map<string, TRelationColumn>;
};

/**
 * Every column the query layer creates starts with this prefix; a user column with such a name is
 * hidden from queries (ingest never writes one, and `requireColumn` refuses it by name).
 */

const DUCKDB_NAMES = new Set(DUCKDB_PSEUDO_COLUMNS);

/**
 * The names the shard columns take in SQL, by position: a column keeps its own name unless that
 * name could clash — with DuckDB's pseudo and virtual columns, with a name starting with `__`
 * (the query layer's), or with an earlier column differing only in case (DuckDB binds names
 * case-insensitively) — in which case it is renamed `__winnow_m<position>`. Renaming by position
 * (`read_parquet(...) AS d(a, b, ...)`) reads the right Parquet column whatever it is called, and
 * frees DuckDB's `file_index` and `file_row_number` for the corpus order.
 */
export const shardColumnAliases = (columns: TColumn[]): string[] => {
  const seen = new Set<string>();
  return columns.map((c, i) => {
    const lower = c.name.toLowerCase();
    const safe = c.name !== "" && !DUCKDB_NAMES.has(lower) && !lower.startsWith("__") && !seen.has(lower);
    seen.add(lower);
    return safe ? c.name : `${RESERVED_PREFIX}m${i}`;
  });
};

/**
 * The shards of a version as one scan aliased `d`: its columns under `shardColumnAliases`, plus
 * DuckDB's virtual `d.file_index` (position in the shard list) and `d.file_row_number`.
 */
export const shardScan = (paths: string[], columns: TColumn[]): string =>
  `read_parquet(${fileList(paths)}) AS d(${shardColumnAliases(columns).map(quoteIdent).join(", ")})`;

/** ORDER BY expression for corpus order over `shardScan` (shard, then row within the shard). */
export const SHARD_ORDER = "d.file_index, d.file_row_number";

const fileList = (files: string[]) => `[${files.map((f) => quoteLiteral(dataPath(f))).join(", ")}]`;

/**
 * The documents of a corpus version joined with its ready attribute sets (by id). When several
 * sets hold a column of the same name, the newest set wins. Column names are the only way in:
 * callers look them up in `byName`, so no unknown name ever reaches SQL.
 */
export const buildDocumentRelation = (
  version: TCorpusVersionRow,
  sets: TAttributeSetRow[] = listReadyAttributeSets(version.id),
  /** Only these shards (paths relative to the data dir) instead of all of the version's. */
  shardPaths?: string[],
): TDocumentRelation => {
  const paths = shardPaths ?? listShards(version.id).map((s) => s.path);
  const docCols = JSON.parse(version.columnsJson) as TColumn[];
  const aliases = shardColumnAliases(docCols);
  const columns: TRelationColumn[] = docCols
    .map((c, i): TRelationColumn => ({ ...c, expr: `d.${quoteIdent(aliases[i])}`, origin: "document" }))
    .filter((c) => !isReservedName(c.name));
  const byName = new Map(columns.map((c) => [c.name, c]));
  const joins: string[] = [];
  sets.forEach((set, si) => {
    const tables = attributeTables(set);
    const cols = attributeColumns(set);
    Object.entries(tables).forEach(([table, files], ti) => {
      if (files.length === 0) return;
      const alias = `a${si}_${ti}`;
      const mine = cols.filter((c) => c.table === table && !byName.has(c.name) && !isReservedName(c.name));
      if (mine.length === 0) return;
      joins.push(`LEFT JOIN read_parquet(${fileList(files)}) AS ${alias} ON ${alias}.id = d.id`);
      for (const c of mine) {
        const col: TRelationColumn = { name: c.name, type: c.type, expr: `${alias}.${quoteIdent(c.name)}`, origin: "attribute", attributeSetId: set.id, description: c.description, better: c.better };
        columns.push(col);
        byName.set(c.name, col);
      }
    });
  });
  const from = `${shardScan(paths, docCols)} ${joins.join(" ")}`;
  const corpusOrder = SHARD_ORDER;
  return { key: `${version.id}|${sets.map((s) => s.id).join(",")}${shardPaths ? `|${paths.join(",")}` : ""}`, from, corpusOrder, columns, byName };
};
