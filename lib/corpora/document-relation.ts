import { attributeColumns, attributeTables, listReadyAttributeSets, type TAttributeSetRow } from "@/lib/annotate/attribute-sets";
import { dataPath } from "@/lib/corpora/paths";
import { listShards, type TColumn, type TCorpusVersionRow } from "@/lib/corpora/versions";
import { quoteIdent, quoteLiteral } from "@/lib/duckdb/instance";

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
 * read_parquet options that add each row's shard file (under a name no document column can have)
 * and its row number in the file (`file_row_number`, a name ingest never gives a metadata column).
 */
export const SHARD_FILE_COLUMN = "__winnow_file";
export const SHARD_POSITION_OPTIONS = `filename = '${SHARD_FILE_COLUMN}', file_row_number = true`;

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
  const columns: TRelationColumn[] = docCols.map((c) => ({ ...c, expr: `d.${quoteIdent(c.name)}`, origin: "document" }));
  const byName = new Map(columns.map((c) => [c.name, c]));
  const joins: string[] = [];
  sets.forEach((set, si) => {
    const tables = attributeTables(set);
    const cols = attributeColumns(set);
    Object.entries(tables).forEach(([table, files], ti) => {
      if (files.length === 0) return;
      const alias = `a${si}_${ti}`;
      const mine = cols.filter((c) => c.table === table && !byName.has(c.name));
      if (mine.length === 0) return;
      joins.push(`LEFT JOIN read_parquet(${fileList(files)}) AS ${alias} ON ${alias}.id = d.id`);
      for (const c of mine) {
        const col: TRelationColumn = { name: c.name, type: c.type, expr: `${alias}.${quoteIdent(c.name)}`, origin: "attribute", attributeSetId: set.id, description: c.description, better: c.better };
        columns.push(col);
        byName.set(c.name, col);
      }
    });
  });
  const from = `read_parquet(${fileList(paths)}, ${SHARD_POSITION_OPTIONS}) AS d ${joins.join(" ")}`;
  const corpusOrder = `list_position(${fileList(paths)}, d.${SHARD_FILE_COLUMN}), d.file_row_number`;
  return { key: `${version.id}|${sets.map((s) => s.id).join(",")}${shardPaths ? `|${paths.join(",")}` : ""}`, from, corpusOrder, columns, byName };
};
