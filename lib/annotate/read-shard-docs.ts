import { getDuckDb, quoteLiteral } from "@/lib/duckdb/instance";

export type TDoc = { id: string; text: string };

/** Streams (id, text) of one Parquet shard in corpus order, in batches of about `batchSize` documents. */
export async function* readShardDocs(file: string, batchSize = 1000): AsyncGenerator<TDoc[]> {
  const conn = await (await getDuckDb()).connect();
  try {
    const result = await conn.stream(`SELECT id, text FROM read_parquet(${quoteLiteral(file)})`);
    let pending: TDoc[] = [];
    for await (const rows of result.yieldRowsJs()) {
      for (const r of rows) pending.push({ id: String(r[0]), text: String(r[1] ?? "") });
      if (pending.length >= batchSize) {
        yield pending;
        pending = [];
      }
    }
    if (pending.length > 0) yield pending;
  } finally {
    conn.closeSync();
  }
}
