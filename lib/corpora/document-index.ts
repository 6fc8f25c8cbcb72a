import type { TDocumentRelation, TRelationColumn } from "@/lib/corpora/document-relation";
import { quoteIdent, withDuck } from "@/lib/duckdb/instance";

/**
 * An in-memory DuckDB table per (corpus version, attribute sets) holding every column except the
 * full text, plus a short preview of the text. Paging, sorting and filtering run on it instead of
 * re-reading the Parquet shards; the full text is read from Parquet only for one document or a
 * text search. Built on first use; versions and attribute sets are immutable, so it never goes stale.
 */
export type TDocumentIndex = { table: string; columns: TRelationColumn[]; byName: Map<string, TRelationColumn> };

export const INDEX_PREVIEW_CHARS = 300;
/** Hidden index column: md5_number_lower(id), from which every seeded draw is derived (lib/recipes/seeded-uniform.ts). */
export const INDEX_ID_HASH = "__h";
const MAX_INDEXES = 4;
const indexes = new Map<string, Promise<TDocumentIndex>>();
let counter = 0;

/** The table name of an index that is built (call getDocumentIndex first). */
export const getDocumentIndexTableName = async (key: string): Promise<string> => {
  const hit = indexes.get(key);
  if (!hit) throw new Error(`No document index for ${key}`);
  return (await hit).table;
};

export const getDocumentIndex = (key: string, rel: TDocumentRelation): Promise<TDocumentIndex> => {
  const hit = indexes.get(key);
  if (hit) {
    indexes.delete(key);
    indexes.set(key, hit);
    return hit;
  }
  const table = `doc_index_${process.pid}_${++counter}`;
  const built = buildIndex(table, rel);
  indexes.set(key, built);
  built.catch(() => indexes.delete(key));
  while (indexes.size > MAX_INDEXES) {
    const [oldKey, old] = indexes.entries().next().value!;
    indexes.delete(oldKey);
    void old.then((o) => withDuck((c) => c.run(`DROP TABLE IF EXISTS ${o.table}`))).catch(() => {});
  }
  return built;
};

const buildIndex = async (table: string, rel: TDocumentRelation): Promise<TDocumentIndex> => {
  const kept = rel.columns.filter((c) => c.name !== "text");
  const select = [...kept.map((c) => `${c.expr} AS ${quoteIdent(c.name)}`), `left(d.text, ${INDEX_PREVIEW_CHARS}) AS "__preview"`, `md5_number_lower(d.id) AS "${INDEX_ID_HASH}"`].join(", ");
  // In corpus order: the table's row order is what an unsorted view shows.
  await withDuck((conn) => conn.run(`CREATE TABLE ${table} AS SELECT ${select} FROM ${rel.from} ORDER BY ${rel.corpusOrder}`));
  const columns = kept.map((c) => ({ ...c, expr: `d.${quoteIdent(c.name)}` }));
  return { table, columns, byName: new Map(columns.map((c) => [c.name, c])) };
};
