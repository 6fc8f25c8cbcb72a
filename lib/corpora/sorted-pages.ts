import type { DuckDBValue } from "@duckdb/node-api";
import { withDuck } from "@/lib/duckdb/instance";

/**
 * For deep pages of a sorted, filtered index: the whole order is computed once into a table of
 * (position, rowid), so every later page is a range lookup instead of a new sort of every row.
 */
const MAX_PERMUTATIONS = 8;
const permutations = new Map<string, Promise<string>>();
let counter = 0;

export const DEEP_OFFSET = 5_000;

export const getSortedPermutation = (indexTable: string, where: string, params: DuckDBValue[], order: string): Promise<string> => {
  const key = JSON.stringify([indexTable, where, params, order]);
  const hit = permutations.get(key);
  if (hit) {
    permutations.delete(key);
    permutations.set(key, hit);
    return hit;
  }
  const table = `doc_perm_${process.pid}_${++counter}`;
  const built = withDuck(async (conn) => {
    await conn.run(`CREATE TABLE ${table} AS SELECT (row_number() OVER (${order}) - 1) AS pos, d.rowid AS rid FROM ${indexTable} AS d ${where} ORDER BY pos`, params);
    return table;
  });
  permutations.set(key, built);
  built.catch(() => permutations.delete(key));
  while (permutations.size > MAX_PERMUTATIONS) {
    const [oldKey, old] = permutations.entries().next().value!;
    permutations.delete(oldKey);
    void old.then((t) => withDuck((c) => c.run(`DROP TABLE IF EXISTS ${t}`))).catch(() => {});
  }
  return built;
};
