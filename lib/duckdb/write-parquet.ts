import fs from "node:fs";
import { LIST, UBIGINT } from "@duckdb/node-api";
import { quoteIdent, quoteLiteral, withDuck } from "@/lib/duckdb/instance";

/** An explicit list type, so an empty list (a text without words) can be appended. */
const UBIGINT_LIST = LIST(UBIGINT);

export type TParquetColumn = { name: string; type: "BIGINT" | "DOUBLE" | "BOOLEAN" | "VARCHAR" | "UBIGINT[]" };

let tableCounter = 0;

/**
 * Writes rows to a zstd Parquet file atomically (temp name + rename). Values are appended through
 * DuckDB's appender in column order; null/undefined become NULL.
 */
export const writeRowsToParquet = async (file: string, columns: TParquetColumn[], rows: Iterable<Record<string, unknown>>): Promise<number> => {
  const table = `winnow_out_${process.pid}_${++tableCounter}`;
  const tmp = `${file}.tmp-${process.pid}`;
  let n = 0;
  await withDuck(async (conn) => {
    await conn.run(`CREATE TABLE ${table} (${columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(", ")})`);
    try {
      const appender = await conn.createAppender(table);
      for (const row of rows) {
        for (const c of columns) {
          const v = row[c.name];
          if (v === null || v === undefined || (typeof v === "number" && !Number.isFinite(v))) appender.appendNull();
          else if (c.type === "DOUBLE") appender.appendDouble(Number(v));
          else if (c.type === "BIGINT") appender.appendBigInt(BigInt(Math.trunc(Number(v))));
          else if (c.type === "BOOLEAN") appender.appendBoolean(Boolean(v));
          else if (c.type === "UBIGINT[]") appender.appendList((v as bigint[]).map((x) => BigInt(x)), UBIGINT_LIST);
          else appender.appendVarchar(String(v));
        }
        appender.endRow();
        n++;
      }
      appender.closeSync();
      await conn.run(`COPY ${table} TO ${quoteLiteral(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
    } finally {
      await conn.run(`DROP TABLE IF EXISTS ${table}`);
    }
  });
  fs.renameSync(tmp, file);
  return n;
};
