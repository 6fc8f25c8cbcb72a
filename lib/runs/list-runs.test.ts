import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { runs } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { cancelRun } from "@/lib/runs/cancel-run";
import { createRun } from "@/lib/runs/create-run";
import { getRunDetails, getRunOrThrow, runProgress } from "@/lib/runs/get-run";
import { countRuns, listRuns } from "@/lib/runs/list-runs";
import { rerun } from "@/lib/runs/rerun";
import type { TRunRow } from "@/lib/runs/types";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import "@/tests/helpers/signal-run-type";
import "@/tests/helpers/test-run-type";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

const row = (over: Partial<TRunRow>): TRunRow => ({
  id: "run_x",
  type: "test-write",
  status: "running",
  configJson: "{}",
  corpusId: null,
  inputVersionId: null,
  outputVersionId: null,
  itemsTotal: 0,
  itemsDone: 0,
  bytesTotal: 0,
  bytesDone: 0,
  errorCount: 0,
  summaryJson: "{}",
  error: null,
  cancelRequested: false,
  createdAt: 0,
  startedAt: 1_000,
  finishedAt: null,
  ...over,
});

describe("runProgress", () => {
  it("derives fraction, throughput and ETA from items", () => {
    const p = runProgress(row({ itemsTotal: 100, itemsDone: 25, bytesDone: 5_000_000 }), 11_000);
    expect(p.fraction).toBe(0.25);
    expect(p.durationMs).toBe(10_000);
    expect(p.itemsPerSecond).toBe(2.5);
    expect(p.bytesPerSecond).toBe(500_000);
    expect(p.etaMs).toBe(30_000);
  });

  it("uses bytes when items are unknown (and for running ingests), and is null when nothing is known", () => {
    expect(runProgress(row({ bytesTotal: 1000, bytesDone: 500 }), 3_000).fraction).toBe(0.5);
    expect(runProgress(row({ type: "ingest", itemsTotal: 10, itemsDone: 0, bytesTotal: 1000, bytesDone: 900 }), 3_000).fraction).toBe(0.9);
    const unknown = runProgress(row({}), 3_000);
    expect(unknown).toMatchObject({ fraction: null, etaMs: null, itemsPerSecond: null });
  });

  it("is complete and has no ETA once the run ended; queued runs have no duration", () => {
    const done = runProgress(row({ status: "succeeded", itemsTotal: 0, finishedAt: 4_000 }), 99_000);
    expect(done).toMatchObject({ fraction: 1, durationMs: 3_000, etaMs: null });
    const failed = runProgress(row({ status: "failed", itemsTotal: 10, itemsDone: 4, finishedAt: 2_000 }), 99_000);
    expect(failed).toMatchObject({ fraction: 0.4, etaMs: null, durationMs: 1_000 });
    expect(runProgress(row({ status: "queued", startedAt: null }), 5_000)).toMatchObject({ durationMs: null, etaMs: null });
  });
});

describe("listRuns, getRunDetails, rerun", () => {
  beforeEach(() => {
    useTempDataDir("list-runs");
  });

  it("lists newest first with filters and paging, and counts matches", async () => {
    const a = createRun("test-write", { shards: 1 });
    const b = createRun("test-signal", { tasks: 1 });
    const c = createRun("test-write", { shards: 2 });
    [a, b, c].forEach((r, i) => getDb().update(runs).set({ createdAt: 1_000 + i }).where(eq(runs.id, r.id)).run());
    getDb().update(runs).set({ corpusId: "cor_1" }).where(eq(runs.id, b.id)).run();
    cancelRun(b.id);
    await runWorkerLoop({ exitWhenIdle: true, idleMs: 5 });

    expect(listRuns().map((r) => r.id)).toEqual([c.id, b.id, a.id]);
    expect(listRuns({ type: "test-write" }).map((r) => r.id)).toEqual([c.id, a.id]);
    expect(listRuns({ status: "cancelled" }).map((r) => r.id)).toEqual([b.id]);
    expect(listRuns({ corpusId: "cor_1" }).map((r) => r.id)).toEqual([b.id]);
    expect(listRuns({ limit: 1, offset: 1 }).map((r) => r.id)).toEqual([b.id]);
    expect(listRuns({ limit: 5, offset: 3 })).toEqual([]);
    expect(countRuns()).toBe(3);
    expect(countRuns({ type: "test-write", status: "succeeded" })).toBe(2);
    const listed = listRuns({ type: "test-write" })[0];
    expect(listed).toMatchObject({ id: c.id, status: "succeeded", config: { shards: 2 }, itemsDone: 2, itemsTotal: 2 });
    expect(listed.progress.fraction).toBe(1);
  });

  it("returns a run with its tasks in order, and 404 for an unknown run", async () => {
    const run = createRun("test-write", { shards: 2, withFinal: true });
    await runWorkerLoop({ exitWhenIdle: true, idleMs: 5, workerId: "w-test" });
    const d = getRunDetails(run.id);
    expect(d.run).toMatchObject({ id: run.id, type: "test-write", status: "succeeded", summary: {} });
    expect(d.tasks.map((t) => [t.idx, t.kind, t.status, t.attempts])).toEqual([
      [0, "shard", "succeeded", 1],
      [1, "shard", "succeeded", 1],
      [2, "final", "succeeded", 1],
    ]);
    expect(() => getRunDetails("run_missing")).toThrow(AppError);
  });

  it("re-runs with the same config, or an edited one validated by the run type", () => {
    const original = createRun("test-write", { shards: 2 });
    const same = getRunOrThrow(rerun(original.id).runId);
    expect(same.id).not.toBe(original.id);
    expect(same).toMatchObject({ type: "test-write", status: "queued", configJson: original.configJson, itemsTotal: 2 });

    const edited = getRunOrThrow(rerun(original.id, { shards: 5, sleepMs: 1 }).runId);
    expect(JSON.parse(edited.configJson)).toMatchObject({ shards: 5, sleepMs: 1 });
    expect(edited.itemsTotal).toBe(5);

    let err: unknown;
    try {
      rerun(original.id, { shards: "many" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(422);
    expect(() => rerun("run_missing")).toThrow(/not found/);
    expect(countRuns()).toBe(3);
  });
});
