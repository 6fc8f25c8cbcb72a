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
