import { quoteLiteral } from "@/lib/duckdb/instance";
import { streamBatches } from "@/lib/duckdb/stream-rows";

export type TDoc = { id: string; text: string };

/** Streams (id, text) of one Parquet shard in corpus order, in batches of about `batchSize` documents. */
export const readShardDocs = (file: string, batchSize = 1000): AsyncGenerator<TDoc[]> =>
  streamBatches(`SELECT id, text FROM read_parquet(${quoteLiteral(file)})`, [], batchSize, (r) => ({ id: String(r[0]), text: String(r[1] ?? "") }));
