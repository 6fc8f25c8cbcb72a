import type { TDocumentRelation, TRelationColumn } from "@/lib/corpora/document-relation";
import { RESERVED_PREFIX } from "@/lib/corpora/reserved-names";
import { createTableCache, type TLease } from "@/lib/duckdb/shared-cache";
import { withDuck } from "@/lib/duckdb/instance";

/**
 * An in-memory DuckDB table per (corpus version, attribute sets) holding every column except the
 * full text, plus a short preview of the text. Paging, sorting and filtering run on it instead of
 * re-reading the Parquet shards; the full text is read from Parquet only for one document or a
 * text search. Built on first use; versions and attribute sets are immutable, so it never goes stale.
 *
 * Every column of the table has an internal name (`__winnow_…`): user columns are stored as
 * `__winnow_c<i>` and reached through `columns[i].expr`, so no user name (`rowid`, `__preview`,
 * two names differing only in case) can clash with DuckDB's or the query layer's columns. The
 * table's own `rowid` is never used: `__winnow_pos` is each document's position in corpus order.
 */
export type TDocumentIndex = {
  table: string;
  columns: TRelationColumn[];
  byName: Map<string, TRelationColumn>;
  /** SQL column (in `table`) holding the document id. */
  idColumn: string;
};

export const INDEX_PREVIEW_CHARS = 300;
/** Position of the document in corpus order (0-based, unique): joins and row lookups use it. */
export const INDEX_POS = `${RESERVED_PREFIX}pos`;
/** The first INDEX_PREVIEW_CHARS characters of the text. */
export const INDEX_PREVIEW = `${RESERVED_PREFIX}preview`;
/** md5_number_lower(id), from which every seeded draw is derived (lib/recipes/seeded-uniform.ts). */
export const INDEX_ID_HASH = `${RESERVED_PREFIX}hash`;

const MAX_INDEXES = 4;
let counter = 0;

const cache = createTableCache<TDocumentIndex>({
  max: MAX_INDEXES,
  drop: async (index) => void (await withDuck((c) => c.run(`DROP TABLE IF EXISTS ${index.table}`))),
});

/**
 * Leases the index of a relation (built once, shared by concurrent callers). The table is not
 * dropped while the lease is held: call `release` when the queries on it are done.
 */
export const acquireDocumentIndex = (rel: TDocumentRelation): Promise<TLease<TDocumentIndex>> => cache.acquire(rel.key, () => buildIndex(`doc_index_${process.pid}_${++counter}`, rel));

/** Runs `fn` with the relation's index leased. */
export const withDocumentIndex = <R>(rel: TDocumentRelation, fn: (index: TDocumentIndex) => Promise<R>): Promise<R> =>
  cache.use(rel.key, () => buildIndex(`doc_index_${process.pid}_${++counter}`, rel), fn);

export const documentIndexStats = () => cache.stats();

/** The relation with the index in place of the Parquet shards (alias `d`). */
export const indexRelation = (rel: TDocumentRelation, index: TDocumentIndex): TDocumentRelation => ({ ...rel, columns: index.columns, byName: index.byName, from: `${index.table} AS d` });

const buildIndex = async (table: string, rel: TDocumentRelation): Promise<TDocumentIndex> => {
  const kept = rel.columns.filter((c) => c.name !== "text");
  const text = rel.byName.get("text")!.expr;
  const id = rel.byName.get("id")!.expr;
  const select = [
    `CAST(row_number() OVER (ORDER BY ${rel.corpusOrder}) - 1 AS BIGINT) AS ${INDEX_POS}`,
    ...kept.map((c, i) => `${c.expr} AS ${RESERVED_PREFIX}c${i}`),
    `left(${text}, ${INDEX_PREVIEW_CHARS}) AS ${INDEX_PREVIEW}`,
    `md5_number_lower(${id}) AS ${INDEX_ID_HASH}`,
  ].join(", ");
  // In corpus order: the table's row order is what an unsorted view shows.
  await withDuck((conn) => conn.run(`CREATE TABLE ${table} AS SELECT ${select} FROM ${rel.from} ORDER BY ${INDEX_POS}`));
  const columns = kept.map((c, i) => ({ ...c, expr: `d.${RESERVED_PREFIX}c${i}` }));
  const byName = new Map(columns.map((c) => [c.name, c]));
  return { table, columns, byName, idColumn: byName.get("id")!.expr.slice(2) };
};
