import { getAnnotatorOrThrow } from "@/lib/annotators";
import { quoteIdent, quoteLiteral, toNumber, withDuck } from "@/lib/duckdb/instance";
import { writeRowsToParquet, type TParquetColumn } from "@/lib/duckdb/write-parquet";

type TGlobal = { id: string; config: unknown };

/** Annotators whose result needs every shard: per-shard signatures, then one global step. */
export const isGlobalAnnotator = (id: string): boolean => Boolean(getAnnotatorOrThrow(id).global);

/** Columns of the per-shard signature files: id, position in the corpus, and each annotator's signature. */
export const signatureColumns = (globals: TGlobal[]): TParquetColumn[] => [
  { name: "id", type: "VARCHAR" },
  { name: "shard", type: "BIGINT" },
  { name: "row", type: "BIGINT" },
  ...globals.flatMap((g) => getAnnotatorOrThrow(g.id).global!.signatureColumns),
];

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

/**
 * Reads every signature file (in corpus order) and writes one Parquet file with the final columns
 * of each global annotator: exact-duplicate groups by hash, MinHash clusters by shared bands.
 */
export const runGlobalDedup = async (signatureFiles: string[], outFile: string, globals: TGlobal[], heartbeat: () => void): Promise<Record<string, number>> => {
  const src = `read_parquet([${signatureFiles.map(quoteLiteral).join(", ")}])`;
  const ids: string[] = [];
  const stats: Record<string, number> = {};
  const columns: TParquetColumn[] = [{ name: "id", type: "VARCHAR" }];
  const values = new Map<string, unknown[]>();

  await withDuck(async (conn) => {
    await conn.run(`CREATE OR REPLACE TEMP TABLE sig AS SELECT *, row_number() OVER (ORDER BY shard, "row") - 1 AS ord FROM ${src}`);
    try {
      const idRows = (await conn.runAndReadAll("SELECT id FROM sig ORDER BY ord")).getRowsJS();
      for (const r of idRows) ids.push(String(r[0]));
      heartbeat();
      for (const g of globals) {
        if (g.id === "exact_dedup") {
          const rows = (
            await conn.runAndReadAll(
              `SELECT "exact_dedup.hash" AS h, first_value(id) OVER w AS gid, count(*) OVER (PARTITION BY "exact_dedup.hash") AS n, row_number() OVER w = 1 AS keep
               FROM sig WINDOW w AS (PARTITION BY "exact_dedup.hash" ORDER BY ord) ORDER BY ord`,
            )
          ).getRowsJS();
          columns.push({ name: "exact_dedup.hash", type: "VARCHAR" }, { name: "exact_dedup.group_id", type: "VARCHAR" }, { name: "exact_dedup.group_size", type: "BIGINT" }, { name: "exact_dedup.keep", type: "BOOLEAN" });
          values.set("exact_dedup.hash", rows.map((r) => r[0]));
          values.set("exact_dedup.group_id", rows.map((r) => r[1]));
          values.set("exact_dedup.group_size", rows.map((r) => toNumber(r[2])));
          values.set("exact_dedup.keep", rows.map((r) => r[3]));
          stats.exact_duplicates_removed = rows.filter((r) => !r[3]).length;
        } else if (g.id === "minhash") {
          // Candidate pairs: every document sharing a band hash with the first document that has it.
          const edges = (
            await conn.runAndReadAll(
              `WITH b AS (SELECT ord, unnest(${quoteIdent("minhash.bands")}) AS h FROM sig),
                    r AS (SELECT ord, min(ord) OVER (PARTITION BY h) AS root FROM b)
               SELECT DISTINCT ord, root FROM r WHERE ord <> root`,
            )
          ).getRowsJS();
          heartbeat();
          const roots = clusterEdges(ids.length, edges.map((e) => [toNumber(e[0]), toNumber(e[1])]));
          const sizes = new Map<number, number>();
          for (const r of roots) sizes.set(r, (sizes.get(r) ?? 0) + 1);
          columns.push({ name: "minhash.cluster_id", type: "VARCHAR" }, { name: "minhash.cluster_size", type: "BIGINT" }, { name: "minhash.keep", type: "BOOLEAN" });
          values.set("minhash.cluster_id", Array.from(roots, (r) => ids[r]));
          values.set("minhash.cluster_size", Array.from(roots, (r) => sizes.get(r)!));
          values.set("minhash.keep", Array.from(roots, (r, i) => r === i));
          stats.near_duplicates_removed = Array.from(roots).filter((r, i) => r !== i).length;
          stats.near_duplicate_clusters = [...sizes.values()].filter((s) => s > 1).length;
        }
      }
    } finally {
      await conn.run("DROP TABLE IF EXISTS sig");
    }
  });
  heartbeat();
  function* rows() {
    for (let i = 0; i < ids.length; i++) {
      const row: Record<string, unknown> = { id: ids[i] };
      for (const [k, v] of values) row[k] = v[i];
      yield row;
    }
  }
  await writeRowsToParquet(outFile, columns, rows());
  stats.documents = ids.length;
  return stats;
};
