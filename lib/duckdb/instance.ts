import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from "@duckdb/node-api";
import path from "node:path";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";

const globalForDuck = globalThis as unknown as { __winnowDuck?: Promise<DuckDBInstance> };

/** One in-memory DuckDB instance per process; it reads the Parquet files in the data dir. */
export const getDuckDb = (): Promise<DuckDBInstance> => {
  if (!globalForDuck.__winnowDuck) {
    const { duckdbThreads, dataDir } = getConfig();
    // Spills of large sorts and joins go to the data dir (DuckDB's default is `.tmp` in the working directory).
    const options: Record<string, string> = { preserve_insertion_order: "true", temp_directory: path.join(dataDir, "tmp", "duckdb") };
    if (duckdbThreads) options.threads = String(duckdbThreads);
    globalForDuck.__winnowDuck = DuckDBInstance.create(":memory:", options);
  }
  return globalForDuck.__winnowDuck;
};

export type TQueryOptions = {
  /** Aborting it interrupts the running query (e.g. `Request.signal` when the client goes away). */
  signal?: AbortSignal;
  /** The query is interrupted after this long, with a 503 that says so. */
  timeoutMs?: number;
};

/**
 * Runs `fn` on a fresh connection, closing it afterwards. When `signal` aborts or `timeoutMs`
 * passes, the connection's running query is interrupted (DuckDB stops at its next check).
 */
export const withDuck = async <T>(fn: (conn: DuckDBConnection) => Promise<T>, opts: TQueryOptions = {}): Promise<T> => {
  const { signal, timeoutMs } = opts;
  if (signal?.aborted) throw abortReason(signal);
  const instance = await getDuckDb();
  const conn = await instance.connect();
  let timedOut = false;
  const interrupt = () => conn.interrupt();
  signal?.addEventListener("abort", interrupt, { once: true });
  const timer = timeoutMs
    ? setTimeout(() => {
        timedOut = true;
        conn.interrupt();
      }, timeoutMs)
    : null;
  try {
    return await fn(conn);
  } catch (e) {
    if (timedOut) throw new AppError("UNAVAILABLE", `The query took longer than ${Math.round(timeoutMs! / 1000)} s and was stopped; narrow the filters or try again`);
    if (signal?.aborted) throw abortReason(signal);
    throw e;
  } finally {
    if (timer) clearTimeout(timer);
    signal?.removeEventListener("abort", interrupt);
    conn.closeSync();
  }
};

const abortReason = (signal: AbortSignal): Error => (signal.reason instanceof Error ? signal.reason : new DOMException("The request was aborted", "AbortError"));

export type TSqlParams = DuckDBValue[] | Record<string, DuckDBValue>;

/** Runs a parameterised query and returns plain JS rows (BigInt kept for BIGINT columns). */
export const queryRows = async <T = Record<string, unknown>>(sql: string, params?: TSqlParams, opts?: TQueryOptions): Promise<T[]> =>
  withDuck(async (conn) => {
    const reader = await conn.runAndReadAll(sql, params);
    return reader.getRowObjectsJS() as T[];
  }, opts);

/** Quotes an identifier for DuckDB. Use only with names already checked against a known schema. */
export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Quotes a string literal (paths in COPY/read_* calls that do not accept parameters). */
export const quoteLiteral = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/** Converts BigInt values to numbers (safe for counts well under 2^53). */
export const toNumber = (v: unknown): number => (typeof v === "bigint" ? Number(v) : Number(v ?? 0));
