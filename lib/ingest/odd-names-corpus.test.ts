/**
 * Issue 11's check for odd field names, end to end: a corpus whose records carry `rowid`,
 * `__preview`, an empty key, `Text` beside `text` and case-twin columns ingests as a run with the
 * renames reported, and its pages, previews and exports hold the right counts.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { decompress } from "fzstd";
import { queryDocuments } from "@/lib/corpora/query-documents";
import { startIngest } from "@/lib/ingest/start-ingest";
import { exportRecipe } from "@/lib/recipes/export";
import { previewRecipe } from "@/lib/recipes/preview";
import { ZRecipeSchema } from "@/lib/recipes/schema";
import { getRunOrThrow } from "@/lib/runs/get-run";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

const N = 6000;
const docs = Array.from({ length: N }, (_, i) => ({
  id: `d${i}`,
  text: `Document ${i}: ${"some words here ".repeat(1 + (i % 5))}`,
  rowid: i % 7,
  __preview: i % 2 === 0,
  "": `empty-key-${i}`,
  Text: `capital ${i}`,
  orig_ID: i,
  ...(i % 2 === 0 ? { orig_id: `twin-${i}` } : {}),
}));
let dir = "";
let corpusId = "";
let runId = "";

beforeAll(async () => {
  dir = useTempDataDir("odd-names");
  process.env.WINNOW_SHARD_DOCS = "2000";
  const file = path.join(dir, "odd.jsonl");
  fs.writeFileSync(file, docs.map((d) => JSON.stringify(d)).join("\n"));
  ({ corpusId, runId } = startIngest({ name: "odd", source: { kind: "path", path: file } }, { trusted: true }));
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
  delete process.env.WINNOW_SHARD_DOCS;
});

describe("a corpus with reserved, empty and case-twin field names", () => {
  it("ingests every document and reports the renamed fields", () => {
    const run = getRunOrThrow(runId);
    expect(run.status).toBe("succeeded");
    const summary = JSON.parse(run.summaryJson!) as { docsOut: number; renamedFields: { field: string; column: string }[] };
    expect(summary.docsOut).toBe(N);
    expect(Object.fromEntries(summary.renamedFields.map((r) => [r.field, r.column]))).toEqual({ rowid: "orig_rowid", __preview: "orig_preview", "": "field_empty", Text: "orig_Text", orig_id: "orig_id_2" });
  });

  it("pages hold what they should", async () => {
    const page = await queryDocuments({ corpusId, limit: 5, offset: 0, columns: ["id", "orig_rowid", "orig_preview", "field_empty", "orig_Text", "orig_ID", "orig_id_2"] });
    expect(page.rows).toHaveLength(5);
    expect(page.rows[0]).toMatchObject({ id: "d0", orig_rowid: 0, orig_preview: true, field_empty: "empty-key-0", orig_Text: "capital 0", orig_ID: 0, orig_id_2: "twin-0" });
    const last = await queryDocuments({ corpusId, limit: 100, offset: N - 3, columns: ["id"] });
    expect(last.rows.map((r) => r.id)).toEqual([`d${N - 3}`, `d${N - 2}`, `d${N - 1}`]);
  });

  it("previews and exports count each document once", async () => {
    const p = await previewRecipe({ corpusId, budget: { unit: "docs", value: 100 } });
    expect(p.totals.selectedDocs).toBe(100);
    const out = path.join(dir, "export");
    await exportRecipe(ZRecipeSchema.parse({ corpusId, budget: { unit: "docs", value: 100 } }), out);
    const lines = fs
      .readdirSync(out)
      .filter((f) => f.endsWith(".jsonl.zst"))
      .flatMap((f) => Buffer.from(decompress(new Uint8Array(fs.readFileSync(path.join(out, f))))).toString("utf8").trim().split("\n"));
    expect(lines).toHaveLength(100);
    expect(new Set(lines.map((l) => (JSON.parse(l) as { id: string }).id)).size).toBe(100);
  });
});
