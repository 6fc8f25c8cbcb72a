import { and, eq, inArray, sql } from "drizzle-orm";
import { runs, tasks } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import { errorMessage } from "@/lib/errors";
import { renewLease } from "@/lib/runs/claim-task";
import { getConfig } from "@/lib/config";
import { appendRunEvent } from "@/lib/runs/events";
import { getRunType } from "@/lib/runs/registry";
import { RunCancelledError, type TRunRow, type TTaskContext, type TTaskRow } from "@/lib/runs/types";

const HEARTBEAT_MS = 2_000;

class LeaseLostError extends Error {
  constructor() {
    super("Lease lost: another worker took over this task");
  }
}

/** Executes one claimed task to completion, recording its outcome and, when it is the last, the run's. */
export const executeTask = async (run: TRunRow, task: TTaskRow, workerId: string, leaseMs = getConfig().leaseMs): Promise<void> => {
  const db = getDb();
  const runType = getRunType(run.type);
  const config = runType.configSchema.parse(JSON.parse(run.configJson));
  const abort = new AbortController();
  let lastBeat = Date.now();
  let pendingItems = 0;
  let pendingBytes = 0;

  const flushProgress = () => {
    if (pendingItems === 0 && pendingBytes === 0) return;
    // Only the lease holder's progress counts: a worker that lost its task must not add to the run.
    const held = db
      .update(tasks)
      .set({ itemsDone: sql`${tasks.itemsDone} + ${pendingItems}` })
      .where(and(eq(tasks.id, task.id), eq(tasks.leaseOwner, workerId), eq(tasks.status, "running")))
      .run();
    if (held.changes > 0) {
      db.update(runs)
        .set({ itemsDone: sql`${runs.itemsDone} + ${pendingItems}`, bytesDone: sql`${runs.bytesDone} + ${pendingBytes}` })
        .where(eq(runs.id, run.id))
        .run();
    }
    pendingItems = 0;
    pendingBytes = 0;
  };

  const heartbeat = (force = false) => {
    if (abort.signal.aborted) throw abort.signal.reason;
    const now = Date.now();
    if (!force && now - lastBeat < HEARTBEAT_MS) return;
    lastBeat = now;
    flushProgress();
    const current = db.select({ cancel: runs.cancelRequested }).from(runs).where(eq(runs.id, run.id)).get();
    if (current?.cancel) {
      abort.abort(new RunCancelledError());
      throw abort.signal.reason;
    }
    if (!renewLease(task.id, workerId, leaseMs)) {
      abort.abort(new LeaseLostError());
      throw abort.signal.reason;
    }
  };

  const ctx: TTaskContext = {
    run,
    task,
    workerId,
    signal: abort.signal,
    log: (level, kind, message, data) => appendRunEvent(run.id, level, kind, message, data, task.id),
    progress: ({ items = 0, bytes = 0 }) => {
      pendingItems += items;
      pendingBytes += bytes;
      heartbeat();
    },
    setTotals: ({ items, bytes }) => {
      db.update(runs)
        .set({ ...(items !== undefined ? { itemsTotal: items } : {}), ...(bytes !== undefined ? { bytesTotal: bytes } : {}) })
        .where(eq(runs.id, run.id))
        .run();
    },
    heartbeat: () => heartbeat(),
  };

  // Keep the lease alive even while the handler awaits long native calls.
  const timer = setInterval(() => {
    try {
      heartbeat(true);
    } catch {
      /* surfaced to the handler through ctx.signal */
    }
  }, Math.max(500, Math.floor(leaseMs / 3)));

  try {
    if (task.attempts > 1) {
      ctx.log("warn", "task_retry", `Task ${task.idx} attempt ${task.attempts} of ${task.maxAttempts}`);
      // Progress of the earlier attempt is discarded with its output.
      if (task.itemsDone > 0) {
        db.update(runs).set({ itemsDone: sql`max(0, ${runs.itemsDone} - ${task.itemsDone})` }).where(eq(runs.id, run.id)).run();
        db.update(tasks).set({ itemsDone: 0 }).where(eq(tasks.id, task.id)).run();
      }
    }
    const output = await runType.execute(ctx, config, JSON.parse(task.inputJson));
    clearInterval(timer);
    flushProgress();
    db.update(tasks)
      .set({ status: "succeeded", outputJson: JSON.stringify(output ?? null), finishedAt: Date.now(), leaseOwner: null })
      .where(and(eq(tasks.id, task.id), eq(tasks.leaseOwner, workerId)))
      .run();
    completeRunIfDone(run.id);
  } catch (e) {
    clearInterval(timer);
    flushProgress();
    if (e instanceof LeaseLostError || abort.signal.reason instanceof LeaseLostError) {
      appendRunEvent(run.id, "warn", "lease_lost", `Worker ${workerId} lost the lease on task ${task.idx}`, undefined, task.id);
      return;
    }
    if (e instanceof RunCancelledError || abort.signal.reason instanceof RunCancelledError) {
      db.update(tasks).set({ status: "cancelled", finishedAt: Date.now(), leaseOwner: null }).where(eq(tasks.id, task.id)).run();
      finishCancelledRun(run.id);
      return;
    }
    failTaskAttempt(run, task, e);
  }
};

const failTaskAttempt = (run: TRunRow, task: TTaskRow, e: unknown): void => {
  const db = getDb();
  const message = errorMessage(e);
  const retry = task.attempts < task.maxAttempts;
  db.update(tasks)
    .set({ status: retry ? "queued" : "failed", error: message, leaseOwner: null, leaseExpiresAt: null, finishedAt: retry ? null : Date.now() })
    .where(eq(tasks.id, task.id))
    .run();
  db.update(runs).set({ errorCount: sql`${runs.errorCount} + 1` }).where(eq(runs.id, run.id)).run();
  appendRunEvent(
    run.id,
    "error",
    retry ? "task_error" : "task_failed",
    retry ? `Task ${task.idx} failed (attempt ${task.attempts}), will retry: ${message}` : `Task ${task.idx} failed after ${task.attempts} attempts: ${message}`,
    { stack: e instanceof Error ? e.stack?.split("\n").slice(0, 6).join("\n") : undefined },
    task.id,
  );
  if (!retry) failRun(run.id, `Task ${task.idx} failed: ${message}`);
};

/** Marks the run failed, cancels its other tasks and lets the run type undo partial state. */
export const failRun = (runId: string, error: string): void => {
  const db = getDb();
  db.update(tasks).set({ status: "cancelled" }).where(and(eq(tasks.runId, runId), eq(tasks.status, "queued"))).run();
  const run = db
    .update(runs)
    .set({ status: "failed", error, finishedAt: Date.now() })
    .where(and(eq(runs.id, runId), inArray(runs.status, ["queued", "running"])))
    .returning()
    .get();
  if (!run) return;
  appendRunEvent(runId, "error", "run_failed", error);
  abortHook(run);
};

const abortHook = (run: TRunRow): void => {
  try {
    // Inside the try: a run type this process does not know must not break cancelling its run.
    const runType = getRunType(run.type);
    runType.onAbort?.(run, runType.configSchema.parse(JSON.parse(run.configJson)));
  } catch (e) {
    appendRunEvent(run.id, "error", "abort_hook_failed", errorMessage(e));
  }
};

/** Ends a cancelled run once no task of it is still running. */
export const finishCancelledRun = (runId: string, now = Date.now()): void => {
  const db = getDb();
  db.update(tasks).set({ status: "cancelled" }).where(and(eq(tasks.runId, runId), eq(tasks.status, "queued"))).run();
  const running = db
    .select({ n: sql<number>`count(*)` })
    .from(tasks)
    .where(and(eq(tasks.runId, runId), eq(tasks.status, "running"), sql`${tasks.leaseExpiresAt} >= ${now}`))
    .get();
  if ((running?.n ?? 0) > 0) return;
  const run = db
    .update(runs)
    .set({ status: "cancelled", finishedAt: now })
    .where(and(eq(runs.id, runId), inArray(runs.status, ["queued", "running"])))
    .returning()
    .get();
  if (!run) return;
  appendRunEvent(runId, "warn", "run_cancelled", "Run cancelled");
  abortHook(run);
};

const completeRunIfDone = (runId: string): void => {
  const db = getDb();
  const rows = db.select({ status: tasks.status }).from(tasks).where(eq(tasks.runId, runId)).all();
  if (rows.some((r) => r.status !== "succeeded")) return;
  const run = db
    .update(runs)
    .set({ status: "succeeded", finishedAt: Date.now() })
    .where(and(eq(runs.id, runId), eq(runs.status, "running")))
    .returning()
    .get();
  if (run) appendRunEvent(runId, "info", "run_succeeded", "Run succeeded");
};
