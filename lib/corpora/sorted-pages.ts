import type { DuckDBValue } from "@duckdb/node-api";
import { RESERVED_PREFIX } from "@/lib/corpora/reserved-names";
import { INDEX_POS, type TDocumentIndex } from "@/lib/corpora/document-index";
import { createTableCache } from "@/lib/duckdb/shared-cache";
import { withDuck } from "@/lib/duckdb/instance";

/**
 * For deep pages of a sorted, filtered index: the whole order is computed once into a table of
 * (rank, position in the index), so every later page is a range lookup instead of a new sort of
 * every row. Permutations are leased like indexes: one in use is never dropped.
 */
const MAX_PERMUTATIONS = 8;
let counter = 0;

export const DEEP_OFFSET = 5_000;
/** Rank of a document in the sorted, filtered view (0-based). */
export const PERM_RANK = `${RESERVED_PREFIX}rank`;

const cache = createTableCache<string>({ max: MAX_PERMUTATIONS, drop: async (table) => void (await withDuck((c) => c.run(`DROP TABLE IF EXISTS ${table}`))) });

/** Runs `fn` with the permutation table (columns PERM_RANK and INDEX_POS) leased. */
export const withSortedPermutation = <R>(index: TDocumentIndex, where: string, params: DuckDBValue[], order: string, fn: (table: string) => Promise<R>): Promise<R> => {
  const key = JSON.stringify([index.table, where, params, order]);
  const build = () => {
    const table = `doc_perm_${process.pid}_${++counter}`;
    return withDuck(async (conn) => {
      await conn.run(`CREATE TABLE ${table} AS SELECT (row_number() OVER (${order}) - 1) AS ${PERM_RANK}, d.${INDEX_POS} AS ${INDEX_POS} FROM ${index.table} AS d ${where} ORDER BY ${PERM_RANK}`, params);
      return table;
    });
  };
  return cache.use(key, build, fn);
};

export const permutationStats = () => cache.stats();
