import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { tasks } from "@/db/schema";
import { attributeTables, getAttributeSetByRun } from "@/lib/annotate/attribute-sets";
import { startAnnotate } from "@/lib/annotate/start-annotate";
import { dataPath } from "@/lib/corpora/paths";
import { queryDocuments } from "@/lib/corpora/query-documents";
import { getDb } from "@/lib/db/client";
import { queryRows, toNumber } from "@/lib/duckdb/instance";
import { brownDocs } from "@/lib/demo/brown";
import { startIngest } from "@/lib/ingest/start-ingest";
import { getRunOrThrow } from "@/lib/runs/get-run";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

let corpusId = "";
let nDocs = 0;

beforeAll(async () => {
  process.env.WINNOW_SHARD_DOCS = "25";
  process.env.WINNOW_LEASE_MS = "1500";
  const dir = useTempDataDir("annotate");
  const docs = brownDocs().slice(0, 300);
  // Two exact duplicates (whitespace and case changes only) to find again.
  const rows = [...docs.map((d) => ({ id: d.id, text: d.text, genre: d.genre })), { id: "dup-a", text: docs[5].text.toUpperCase() }, { id: "dup-b", text: docs[9].text.replace(/ /g, "  ") }];
  nDocs = rows.length;
  const file = path.join(dir, "brown.jsonl");
  fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n"));
  corpusId = startIngest({ name: "brown", source: { kind: "path", path: file } }, { trusted: true }).corpusId;
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
});

// One process per worker (the tsx CLI would wrap it in a second one that a SIGKILL leaves behind).

describe("annotation runs", () => {
  it("survives a worker killed with SIGKILL mid-run: every document is annotated exactly once", async () => {
    const { runId } = startAnnotate({ corpusId, annotators: [{ id: "stats" }, { id: "gopher_quality" }, { id: "c4" }, { id: "exact_dedup" }] });
    const worker = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], { env: { ...process.env }, stdio: "ignore" });
    // Wait until the worker has finished a few shard tasks, then kill it without warning.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const done = getDb().select().from(tasks).where(eq(tasks.runId, runId)).all().filter((t) => t.status === "succeeded").length;
      if (done >= 3) break;
      if (Date.now() > deadline) throw new Error("worker made no progress");
      await new Promise((r) => setTimeout(r, 50));
    }
    worker.kill("SIGKILL");
    await new Promise((r) => worker.once("exit", r));
    expect(getRunOrThrow(runId).status).toBe("running");

    // A new worker re-claims the dead worker's task once its lease expires, and finishes the run.
    await runWorkerLoop({ shouldStop: () => ["succeeded", "failed"].includes(getRunOrThrow(runId).status), idleMs: 100 });
    const run = getRunOrThrow(runId);
    expect(run.status).toBe("succeeded");
    expect(run.itemsDone).toBe(nDocs);

    const set = getAttributeSetByRun(runId)!;
    const tables = attributeTables(set);
    const files = tables.signals.map((f) => `'${dataPath(f)}'`).join(",");
    const [{ n, ids }] = await queryRows<{ n: bigint; ids: bigint }>(`SELECT count(*) AS n, count(DISTINCT id) AS ids FROM read_parquet([${files}])`);
    expect(toNumber(n)).toBe(nDocs);
    expect(toNumber(ids)).toBe(nDocs);

    // Annotation columns are queryable in the documents table; the duplicates are found.
    const dups = await queryDocuments({ corpusId, filters: [{ op: "eq", column: "exact_dedup.keep", value: false }], columns: ["exact_dedup.group_id"] });
    expect(dups.rows.map((r) => [r.id, r["exact_dedup.group_id"]]).sort()).toEqual([
      ["dup-a", "brown-ca06"],
      ["dup-b", "brown-ca10"],
    ]);
    const passing = await queryDocuments({ corpusId, filters: [{ op: "eq", column: "gopher_quality.pass", value: true }], limit: 1 });
    expect(passing.total).toBeGreaterThan(250);
    const summary = JSON.parse(run.summaryJson);
    expect(summary.passRates.overall["gopher_quality.pass"]).toBeCloseTo(passing.total / nDocs);
  }, 120_000);
});
