import fs from "node:fs";
import { LIST, UBIGINT, type DuckDBAppender, type DuckDBConnection } from "@duckdb/node-api";
import { getDuckDb, quoteIdent, quoteLiteral } from "@/lib/duckdb/instance";

/** An explicit list type, so an empty list (a text without words) can be appended. */
const UBIGINT_LIST = LIST(UBIGINT);

export type TParquetColumn = { name: string; type: "BIGINT" | "DOUBLE" | "BOOLEAN" | "VARCHAR" | "UBIGINT[]" };

export type TParquetSink = {
  /** Appends rows (values in column order; null/undefined become NULL). */
  append: (rows: Iterable<Record<string, unknown>>) => void;
  /** Writes the zstd Parquet file atomically (temp name + rename) and returns the row count. */
  finish: () => Promise<number>;
  /** Drops what was appended without writing. */
  abort: () => Promise<void>;
};

let tableCounter = 0;

/**
 * Collects rows in a DuckDB table (compact, columnar) as they are produced, so the caller holds
 * only the current batch in JS memory; `finish` copies the table to Parquet.
 */
export const openParquetSink = async (file: string, columns: TParquetColumn[]): Promise<TParquetSink> => {
  const table = `winnow_out_${process.pid}_${++tableCounter}`;
  const conn: DuckDBConnection = await (await getDuckDb()).connect();
  await conn.run(`CREATE TABLE ${table} (${columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(", ")})`);
  const appender: DuckDBAppender = await conn.createAppender(table);
  let n = 0;
  let closed = false;
  const cleanup = async () => {
    if (closed) return;
    closed = true;
    try {
      await conn.run(`DROP TABLE IF EXISTS ${table}`);
    } finally {
      conn.closeSync();
    }
  };
  return {
    append: (rows) => {
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
    },
    finish: async () => {
      const tmp = `${file}.tmp-${process.pid}`;
      try {
        appender.closeSync();
        await conn.run(`COPY ${table} TO ${quoteLiteral(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
      } finally {
        await cleanup();
      }
      fs.renameSync(tmp, file);
      return n;
    },
    abort: async () => {
      try {
        appender.closeSync();
      } finally {
        await cleanup();
      }
    },
  };
};

/** Writes rows to a zstd Parquet file atomically. */
export const writeRowsToParquet = async (file: string, columns: TParquetColumn[], rows: Iterable<Record<string, unknown>>): Promise<number> => {
  const sink = await openParquetSink(file, columns);
  try {
    sink.append(rows);
  } catch (e) {
    await sink.abort();
    throw e;
  }
  return sink.finish();
};
