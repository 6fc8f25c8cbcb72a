import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { tasks } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { cancelRun } from "@/lib/runs/cancel-run";
import { claimTask } from "@/lib/runs/claim-task";
import { createRun } from "@/lib/runs/create-run";
import { executeTask } from "@/lib/runs/execute-task";
import { listRunEvents } from "@/lib/runs/events";
import { getRunOrThrow } from "@/lib/runs/get-run";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { readMarker } from "@/tests/helpers/signal-run-type";
import "@/tests/helpers/test-run-type";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

const tasksOf = (runId: string) => getDb().select().from(tasks).where(eq(tasks.runId, runId)).orderBy(tasks.idx).all();
const thrown = (f: () => unknown): AppError => {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an AppError");
};

describe("cancelRun", () => {
  beforeEach(() => {
    useTempDataDir("cancel");
  });

  it("ends a queued run at once: tasks cancelled, nothing left to claim, onAbort called", () => {
    const run = createRun("test-signal", { tasks: 3 });
    cancelRun(run.id);
    const r = getRunOrThrow(run.id);
    expect(r).toMatchObject({ status: "cancelled", cancelRequested: true });
    expect(r.finishedAt).not.toBeNull();
    expect(tasksOf(run.id).map((t) => t.status)).toEqual(["cancelled", "cancelled", "cancelled"]);
    expect(claimTask("w")).toBeNull();
    expect(readMarker(run.id, "aborted")).toEqual(["cancelled"]);
    expect(listRunEvents(run.id).map((e) => e.kind)).toEqual(["run_created", "cancel_requested", "run_cancelled"]);
  });

  it("refuses to cancel a run that already ended (409) or does not exist (404)", async () => {
    const run = createRun("test-write", { shards: 1 });
    await runWorkerLoop({ exitWhenIdle: true, idleMs: 5 });
    expect(getRunOrThrow(run.id).status).toBe("succeeded");
    const e = thrown(() => cancelRun(run.id));
    expect(e.code).toBe("CONFLICT");
    expect(e.status).toBe(409);
    expect(getRunOrThrow(run.id)).toMatchObject({ status: "succeeded", cancelRequested: false });
    expect(thrown(() => cancelRun("run_nope")).status).toBe(404);
  });

  it("stops a running task that only listens to ctx.signal (no heartbeat calls), and cancels the queued rest at once", async () => {
    const run = createRun("test-signal", { tasks: 3, maxWaitMs: 10_000 });
    const c = claimTask("w1", 1_500)!;
    const started = Date.now();
    const running = executeTask(c.run, c.task, "w1", 1_500);
    await new Promise((r) => setTimeout(r, 100));
    cancelRun(run.id);
    // The running task keeps the run open; the queued ones are cancelled now.
    expect(getRunOrThrow(run.id)).toMatchObject({ status: "running", cancelRequested: true });
    expect(tasksOf(run.id).map((t) => t.status)).toEqual(["running", "cancelled", "cancelled"]);
    expect(claimTask("w2")).toBeNull();
    // Asking again while it stops changes nothing.
    cancelRun(run.id);
    await running;
    expect(Date.now() - started).toBeLessThan(2_500);
    const r = getRunOrThrow(run.id);
    expect(r.status).toBe("cancelled");
    expect(r.finishedAt).not.toBeNull();
    expect(tasksOf(run.id)[0]).toMatchObject({ status: "cancelled", leaseOwner: null });
    expect(readMarker(run.id, "done")).toEqual([]);
    expect(readMarker(run.id, "aborted")).toEqual(["cancelled"]);
    expect(listRunEvents(run.id).filter((e) => e.kind === "cancel_requested")).toHaveLength(1);
  });

  it("stops a task that heartbeats, inside a worker loop, within a heartbeat", async () => {
    const run = createRun("test-write", { shards: 2, sleepMs: 5_000 });
    let stop = false;
    const loop = runWorkerLoop({ idleMs: 20, shouldStop: () => stop });
    await new Promise((r) => setTimeout(r, 300));
    expect(getRunOrThrow(run.id).status).toBe("running");
    const t0 = Date.now();
    cancelRun(run.id);
    while (getRunOrThrow(run.id).status === "running" && Date.now() - t0 < 5_000) await new Promise((r) => setTimeout(r, 20));
    expect(getRunOrThrow(run.id).status).toBe("cancelled");
    expect(Date.now() - t0).toBeLessThan(3_000);
    stop = true;
    await loop;
  });

  it("ends a cancelled run whose worker died before its next heartbeat, once the lease expires", () => {
    const run = createRun("test-signal", { tasks: 2 });
    const t0 = Date.now();
    claimTask("dead-worker", 1_000, t0);
    cancelRun(run.id);
    expect(getRunOrThrow(run.id).status).toBe("running");
    // Any worker looking for work settles it after the lease ran out.
    expect(claimTask("w2", 1_000, t0 + 500)).toBeNull();
    expect(getRunOrThrow(run.id).status).toBe("running");
    expect(claimTask("w2", 1_000, t0 + 1_500)).toBeNull();
    expect(getRunOrThrow(run.id).status).toBe("cancelled");
    expect(tasksOf(run.id).map((t) => t.status)).toEqual(["cancelled", "cancelled"]);
    expect(readMarker(run.id, "aborted")).toEqual(["cancelled"]);
  });
});
