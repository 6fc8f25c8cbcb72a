import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { runs, tasks } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import { appendRunEvent } from "@/lib/runs/events";
import { failRun, finishCancelledRun } from "@/lib/runs/execute-task";

/**
 * Settles work that no live worker will finish (called before each claim):
 * - a task whose lease expired on its last allowed attempt (its worker crashed or stalled every
 *   time) fails, and with it the run — it is not handed out again;
 * - a run whose cancellation is pending and has no live task left (its worker died before the next
 *   heartbeat) ends as cancelled.
 */
export const reapAbandonedTasks = (now = Date.now()): void => {
  const db = getDb();
  const exhausted = db
    .select({ id: tasks.id, runId: tasks.runId, idx: tasks.idx, attempts: tasks.attempts, worker: tasks.leaseOwner })
    .from(tasks)
    .innerJoin(runs, eq(runs.id, tasks.runId))
    .where(
      and(
        eq(tasks.status, "running"),
        lt(tasks.leaseExpiresAt, now),
        sql`${tasks.attempts} >= ${tasks.maxAttempts}`,
        inArray(runs.status, ["queued", "running"]),
        eq(runs.cancelRequested, false),
      ),
    )
    .all();
  for (const t of exhausted) {
    const message = `worker ${t.worker ?? "?"} lost its lease on attempt ${t.attempts} (crashed or stalled)`;
    const res = db
      .update(tasks)
      .set({ status: "failed", error: message, leaseOwner: null, leaseExpiresAt: null, finishedAt: now })
      .where(and(eq(tasks.id, t.id), eq(tasks.status, "running"), lt(tasks.leaseExpiresAt, now)))
      .run();
    if (res.changes === 0) continue;
    db.update(runs).set({ errorCount: sql`${runs.errorCount} + 1` }).where(eq(runs.id, t.runId)).run();
    appendRunEvent(t.runId, "error", "task_failed", `Task ${t.idx} failed after ${t.attempts} attempts: ${message}`, undefined, t.id);
    failRun(t.runId, `Task ${t.idx} failed: ${message}`);
  }

  const cancelling = db
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.cancelRequested, true), inArray(runs.status, ["queued", "running"])))
    .all();
  for (const r of cancelling) {
    db.update(tasks)
      .set({ status: "cancelled", leaseOwner: null, finishedAt: now })
      .where(and(eq(tasks.runId, r.id), eq(tasks.status, "running"), lt(tasks.leaseExpiresAt, now)))
      .run();
    finishCancelledRun(r.id, now);
  }
};
