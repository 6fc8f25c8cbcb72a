import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { decompress } from "fzstd";
import { startAnnotate } from "@/lib/annotate/start-annotate";
import { queryDocuments } from "@/lib/corpora/query-documents";
import { listShards, getReadyVersionOrThrow } from "@/lib/corpora/versions";
import { startIngest } from "@/lib/ingest/start-ingest";
import { exportRecipe } from "@/lib/recipes/export";
import { ZRecipeSchema } from "@/lib/recipes/schema";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

// 20,000 documents in 4 shards whose metadata holds the names DuckDB uses for a row's file and
// position: they must not clash with the queries that read those positions, and joining attribute
// sets (which DuckDB may do out of order) must not change the order of the table or of an export.
const N = 20_000;
const docs = Array.from({ length: N }, (_, i) => ({
  id: `z${(N - i) * 7919 % 1000}-${i}`,
  text: `Document number ${i}. ${"Words repeat here. ".repeat(1 + (i % 4))}`,
  filename: `file-${i % 3}.txt`,
  file_row_number: 1000 - i,
}));
let dir = "";
let corpusId = "";

beforeAll(async () => {
  dir = useTempDataDir("order");
  process.env.WINNOW_SHARD_DOCS = "5000";
  const file = path.join(dir, "docs.jsonl");
  fs.writeFileSync(file, docs.map((d) => JSON.stringify(d)).join("\n"));
  corpusId = startIngest({ name: "order", source: { kind: "path", path: file } }, { trusted: true }).corpusId;
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
  startAnnotate({ corpusId, annotators: [{ id: "stats" }, { id: "exact_dedup" }] });
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
  delete process.env.WINNOW_SHARD_DOCS;
});

describe("corpus order", () => {
  it("is the order of the unsorted documents table, with attribute sets joined", async () => {
    expect(listShards(getReadyVersionOrThrow(corpusId).id).length).toBe(4);
    const seen: Record<string, unknown>[] = [];
    for (let offset = 0; offset < N; offset += 500) seen.push(...(await queryDocuments({ corpusId, limit: 500, offset, columns: ["id", "orig_filename", "orig_file_row_number", "stats.n_words", "exact_dedup.keep"] })).rows);
    expect(seen.map((x) => x.id)).toEqual(docs.map((d) => d.id));
    // Ingest stores a field named like a DuckDB pseudo-column under orig_<name> (lib/ingest/field-names.ts).
    expect(seen[5]).toMatchObject({ orig_filename: docs[5].filename, orig_file_row_number: docs[5].file_row_number });
    expect(seen.every((x) => typeof x["stats.n_words"] === "number")).toBe(true);
  });

  it("is the order of an export, which reads metadata columns named like pseudo-columns", async () => {
    const out = path.join(dir, "export");
    await exportRecipe(ZRecipeSchema.parse({ corpusId }), out);
    const lines = Buffer.from(decompress(new Uint8Array(fs.readFileSync(path.join(out, "part-00000.jsonl.zst")))))
      .toString("utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { id: string; orig_filename: string });
    expect(lines.map((l) => l.id)).toEqual(docs.map((d) => d.id));
    expect(lines[7].orig_filename).toBe(docs[7].filename);
  });
});
