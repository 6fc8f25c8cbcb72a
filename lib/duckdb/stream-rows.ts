import type { DuckDBValue } from "@duckdb/node-api";
import { getDuckDb } from "@/lib/duckdb/instance";

/** Streams the rows of a parameterised query as arrays of plain JS values, batch by batch. */
export async function* streamRows(sql: string, params: DuckDBValue[] = []): AsyncGenerator<unknown[][]> {
  const conn = await (await getDuckDb()).connect();
  try {
    const result = await conn.stream(sql, params);
    for await (const rows of result.yieldRowsJs()) yield rows as unknown[][];
  } finally {
    conn.closeSync();
  }
}

/** Streams a query's rows, each turned into a value by `map`, in batches of about `batchSize`. */
export async function* streamBatches<T>(sql: string, params: DuckDBValue[], batchSize: number, map: (row: unknown[]) => T): AsyncGenerator<T[]> {
  let pending: T[] = [];
  for await (const rows of streamRows(sql, params)) {
    for (const r of rows) pending.push(map(r));
    if (pending.length >= batchSize) {
      yield pending;
      pending = [];
    }
  }
  if (pending.length > 0) yield pending;
}
