import type { TParquetColumn } from "@/lib/duckdb/write-parquet";

/** Annotators whose result needs every shard (a global step after the per-shard pass). */
export const DEDUP_ANNOTATOR_IDS: string[] = [];

type TDedup = { id: string; config: unknown };

export const dedupInputColumns = (_dedups: TDedup[]): TParquetColumn[] => [
  { name: "id", type: "VARCHAR" },
  { name: "shard", type: "BIGINT" },
  { name: "row", type: "BIGINT" },
];

export const dedupInputRow = (doc: { id: string; text: string }, shard: number, row: number, _dedups: TDedup[]): Record<string, unknown> => ({ id: doc.id, shard, row });

export const runGlobalDedup = async (_inputDir: string, _outFile: string, _dedups: TDedup[], _heartbeat: () => void): Promise<Record<string, number>> => ({});
