import { openParquetSink } from "@/lib/duckdb/write-parquet";
import { queryRows, quoteLiteral, toNumber } from "@/lib/duckdb/instance";
import type { TSampleSpec } from "@/lib/annotators/types";

/**
 * Quotas per source for a stratified sample of `size` documents: proportional to each source's
 * count, rounded by largest remainder (ties: the larger source, then the name), never more than a
 * source holds. Their sum is min(size, total).
 */
export const stratifiedQuotas = (counts: Record<string, number>, size: number): Record<string, number> => {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const target = Math.min(size, total);
  const entries = Object.entries(counts).map(([source, n]) => {
    const exact = total > 0 ? (target * n) / total : 0;
    return { source, n, quota: Math.floor(exact), rest: exact - Math.floor(exact) };
  });
  let left = target - entries.reduce((a, e) => a + e.quota, 0);
  const order = [...entries].sort((a, b) => b.rest - a.rest || b.n - a.n || a.source.localeCompare(b.source));
  for (const e of order) {
    if (left <= 0) break;
    if (e.quota < e.n) {
      e.quota++;
      left--;
    }
  }
  return Object.fromEntries(entries.map((e) => [e.source, e.quota]));
};

const docsSql = (shards: { idx: number; file: string }[]) =>
  shards.map((s) => `SELECT id, coalesce(source, '') AS source, ${Number(s.idx)} AS shard FROM read_parquet(${quoteLiteral(s.file)})`).join(" UNION ALL ");

export type TSampleSummary = { size: number; seed: number; sampled: number; bySource: Record<string, { docs: number; sampled: number }> };

/**
 * Chooses a stratified sample by source: in each source, the documents with the smallest
 * md5(id || ':' || seed), as many as its quota. Deterministic: the same corpus, size and seed give
 * the same documents. Writes `(id, shard)` to `outFile` (atomically).
 */
export const writeStratifiedSample = async (shards: { idx: number; file: string }[], spec: TSampleSpec, outFile: string): Promise<TSampleSummary> => {
  const docs = docsSql(shards);
  const counts = await queryRows<{ source: string; n: bigint }>(`SELECT source, count(*) AS n FROM (${docs}) GROUP BY 1`);
  const bySourceCount = Object.fromEntries(counts.map((c) => [c.source, toNumber(c.n)]));
  const quotas = stratifiedQuotas(bySourceCount, spec.size);
  const sources = Object.keys(quotas);
  const sink = await openParquetSink(outFile, [
    { name: "id", type: "VARCHAR" },
    { name: "shard", type: "BIGINT" },
  ]);
  try {
    if (sources.length > 0) {
      const values = sources.map((_, i) => `($${i * 2 + 2}, $${i * 2 + 3})`).join(", ");
      const params = [String(spec.seed), ...sources.flatMap((s) => [s, quotas[s]])];
      const rows = await queryRows<{ id: string; shard: bigint }>(
        `SELECT r.id AS id, r.shard AS shard FROM (
           SELECT id, source, shard, row_number() OVER (PARTITION BY source ORDER BY md5(id || ':' || $1), id) AS rn FROM (${docs})
         ) r JOIN (VALUES ${values}) AS q(source, quota) ON r.source = q.source
         WHERE r.rn <= q.quota ORDER BY r.shard, r.id`,
        params,
      );
      sink.append(rows.map((r) => ({ id: r.id, shard: toNumber(r.shard) })));
    }
  } catch (e) {
    await sink.abort();
    throw e;
  }
  const sampled = await sink.finish();
  return {
    size: spec.size,
    seed: spec.seed,
    sampled,
    bySource: Object.fromEntries(sources.map((s) => [s, { docs: bySourceCount[s], sampled: quotas[s] }])),
  };
};

/** The sampled ids of one shard. */
export const readShardSample = async (file: string, shardIdx: number): Promise<Set<string>> => {
  const rows = await queryRows<{ id: string }>(`SELECT id FROM read_parquet(${quoteLiteral(file)}) WHERE shard = $1`, [shardIdx]);
  return new Set(rows.map((r) => r.id));
};
