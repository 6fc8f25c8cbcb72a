import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { clusterEdges } from "@/lib/annotate/dedup-step";
import { runGlobalStep } from "@/lib/annotate/global-step";
import { queryRows, toNumber } from "@/lib/duckdb/instance";
import { writeRowsToParquet } from "@/lib/duckdb/write-parquet";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "winnow-dedup-"));

/** Writes signatures for documents d0, d1, … (in corpus order, split over two shards) and runs the global step. */
const run = async (rows: { hash: string; bands: bigint[] }[]) => {
  const files: string[] = [];
  for (const shard of [0, 1]) {
    const part = rows.map((r, i) => ({ ...r, i })).filter((r) => (r.i < 3 ? 0 : 1) === shard);
    const file = path.join(dir, `sig-${Date.now()}-${shard}.parquet`);
    await writeRowsToParquet(
      file,
      [
        { name: "id", type: "VARCHAR" },
        { name: "shard", type: "BIGINT" },
        { name: "row", type: "BIGINT" },
        { name: "exact_dedup.hash", type: "VARCHAR" },
        { name: "minhash_dedup.bands", type: "UBIGINT[]" },
      ],
      part.map((r) => ({ id: `d${r.i}`, shard, row: shard === 0 ? r.i : r.i - 3, "exact_dedup.hash": r.hash, "minhash_dedup.bands": r.bands })),
    );
    files.push(file);
  }
  const out = path.join(dir, `out-${Date.now()}.parquet`);
  const stats = await runGlobalStep(files.reverse(), out, [{ id: "exact_dedup", config: {} }, { id: "minhash_dedup", config: {} }], () => {});
  return { stats, rows: await queryRows(`SELECT * FROM read_parquet('${out}')`) };
};

describe("global dedup step", () => {
  it("groups exact duplicates and clusters documents sharing a band, keeping the first in corpus order", async () => {
    // Exact: d0 = d2 = d5, d1 = d4. MinHash: d0–d2 share 2, d2–d3 share 9, d1–d5 share 3; d4 has no band.
    const { stats, rows } = await run([
      { hash: "a", bands: [1n, 2n] },
      { hash: "b", bands: [3n] },
      { hash: "a", bands: [2n, 9n] },
      { hash: "c", bands: [9n] },
      { hash: "b", bands: [] },
      { hash: "a", bands: [3n] },
    ]);
    expect(rows.map((r) => r.id)).toEqual(["d0", "d1", "d2", "d3", "d4", "d5"]);
    expect(rows.map((r) => [r["exact_dedup.group_id"], toNumber(r["exact_dedup.group_size"]), r["exact_dedup.keep"]])).toEqual([
      ["d0", 3, true],
      ["d1", 2, true],
      ["d0", 3, false],
      ["d3", 1, true],
      ["d1", 2, false],
      ["d0", 3, false],
    ]);
    expect(rows.map((r) => [r["minhash_dedup.cluster_id"], toNumber(r["minhash_dedup.cluster_size"]), r["minhash_dedup.keep"]])).toEqual([
      ["d0", 3, true],
      ["d1", 2, true],
      ["d0", 3, false],
      ["d0", 3, false],
      ["d4", 1, true],
      ["d1", 2, false],
    ]);
    expect(stats).toMatchObject({ documents: 6, exact_duplicates_removed: 3, near_duplicates_removed: 3, near_duplicate_clusters: 2 });
  });

  it("joins two earlier clusters through a later document, rooted at the first", () => {
    expect(Array.from(clusterEdges(3, [[2, 0], [2, 1]]))).toEqual([0, 0, 0]);
  });
});
