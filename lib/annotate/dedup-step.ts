import { quoteIdent, toNumber } from "@/lib/duckdb/instance";
import type { TGlobalFinalize } from "@/lib/annotators/types";

/** Union-find over document ordinals; each set's root is its smallest ordinal (first in corpus order). */
export const clusterEdges = (n: number, edges: [number, number][]): Int32Array => {
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (const [a, b] of edges) {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) {
      if (ra < rb) parent[rb] = ra;
      else parent[ra] = rb;
    }
  }
  for (let i = 0; i < n; i++) parent[i] = find(i);
  return parent;
};

/** Exact duplicates: groups by hash with a DuckDB window; the first document in corpus order is kept. */
export const finalizeExactDedup: TGlobalFinalize<unknown> = async ({ conn, table }) => {
  const rows = (
    await conn.runAndReadAll(
      `SELECT "exact_dedup.hash" AS h, first_value(id) OVER w AS gid, count(*) OVER (PARTITION BY "exact_dedup.hash") AS n, row_number() OVER w = 1 AS keep
       FROM ${table} WINDOW w AS (PARTITION BY "exact_dedup.hash" ORDER BY ord) ORDER BY ord`,
    )
  ).getRowsJS();
  return {
    values: {
      "exact_dedup.hash": rows.map((r) => r[0]),
      "exact_dedup.group_id": rows.map((r) => r[1]),
      "exact_dedup.group_size": rows.map((r) => toNumber(r[2])),
      "exact_dedup.keep": rows.map((r) => r[3]),
    },
    stats: { exact_duplicates_removed: rows.filter((r) => !r[3]).length },
  };
};

/** Near duplicates: clusters documents sharing any band hash (union-find), rooted at the first. */
export const finalizeMinhash: TGlobalFinalize<unknown> = async ({ conn, table, ids, heartbeat }) => {
  // Candidate pairs: every document sharing a band hash with the first document that has it.
  const edges = (
    await conn.runAndReadAll(
      `WITH b AS (SELECT ord, unnest(${quoteIdent("minhash_dedup.bands")}) AS h FROM ${table}),
            r AS (SELECT ord, min(ord) OVER (PARTITION BY h) AS root FROM b)
       SELECT DISTINCT ord, root FROM r WHERE ord <> root`,
    )
  ).getRowsJS();
  heartbeat();
  const roots = clusterEdges(ids.length, edges.map((e) => [toNumber(e[0]), toNumber(e[1])]));
  const sizes = new Map<number, number>();
  for (const r of roots) sizes.set(r, (sizes.get(r) ?? 0) + 1);
  return {
    values: {
      "minhash_dedup.cluster_id": Array.from(roots, (r) => ids[r]),
      "minhash_dedup.cluster_size": Array.from(roots, (r) => sizes.get(r)!),
      "minhash_dedup.keep": Array.from(roots, (r, i) => r === i),
    },
    stats: {
      near_duplicates_removed: Array.from(roots).filter((r, i) => r !== i).length,
      near_duplicate_clusters: [...sizes.values()].filter((s) => s > 1).length,
    },
  };
};
