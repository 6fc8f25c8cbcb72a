import { and, eq, inArray, sql } from "drizzle-orm";
import { runs, tasks } from "@/db/schema";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { reapAbandonedTasks } from "@/lib/runs/reap-tasks";
import type { TRunRow, TTaskRow } from "@/lib/runs/types";

/**
 * Atomically claims the oldest runnable task: queued, or running with an expired lease and
 * attempts left, with every dependency succeeded and its run not cancelled. Abandoned work (a last
 * attempt whose lease expired, a cancelled run whose worker died) is settled first.
 * With `runId`, only that run's tasks are considered (a CLI command executes its own run and never
 * picks up another's, e.g. a task left behind by a CLI that was killed).
 */
export const claimTask = (
  workerId: string,
  leaseMs = getConfig().leaseMs,
  now = Date.now(),
  runId?: string,
): { task: TTaskRow; run: TRunRow } | null => {
  const db = getDb();
  reapAbandonedTasks(now);
  return db.transaction(
    (tx) => {
      const candidates = tx
        .select()
        .from(tasks)
        .innerJoin(runs, eq(runs.id, tasks.runId))
        .where(
          and(
            inArray(runs.status, ["queued", "running"]),
            eq(runs.cancelRequested, false),
            runId === undefined ? undefined : eq(tasks.runId, runId),
            sql`(${tasks.status} = 'queued' OR (${tasks.status} = 'running' AND ${tasks.leaseExpiresAt} < ${now} AND ${tasks.attempts} < ${tasks.maxAttempts}))`,
          ),
        )
        .orderBy(runs.createdAt, tasks.idx)
        .limit(50)
        .all();
      for (const { tasks: task } of candidates) {
        const deps = JSON.parse(task.dependsOnJson) as string[];
        if (deps.length > 0) {
          const done = tx
            .select({ n: sql<number>`count(*)` })
            .from(tasks)
            .where(and(inArray(tasks.id, deps), eq(tasks.status, "succeeded")))
            .get();
          if ((done?.n ?? 0) < deps.length) continue;
        }
        const claimed = tx
          .update(tasks)
          .set({
            status: "running",
            leaseOwner: workerId,
            leaseExpiresAt: now + leaseMs,
            attempts: sql`${tasks.attempts} + 1`,
            startedAt: now,
            error: null,
          })
          .where(
            and(
              eq(tasks.id, task.id),
              sql`(${tasks.status} = 'queued' OR (${tasks.status} = 'running' AND ${tasks.leaseExpiresAt} < ${now} AND ${tasks.attempts} < ${tasks.maxAttempts}))`,
            ),
          )
          .returning()
          .get();
        if (!claimed) continue;
        tx.update(runs)
          .set({ status: "running", startedAt: sql`coalesce(${runs.startedAt}, ${now})` })
          .where(and(eq(runs.id, claimed.runId), eq(runs.status, "queued")))
          .run();
        const run = tx.select().from(runs).where(eq(runs.id, claimed.runId)).get()!;
        return { task: claimed, run };
      }
      return null;
    },
    { behavior: "immediate" },
  );
};

/** Extends the lease if this worker still holds it; false when the lease was lost. */
export const renewLease = (taskId: string, workerId: string, leaseMs = getConfig().leaseMs): boolean => {
  const res = getDb()
    .update(tasks)
    .set({ leaseExpiresAt: Date.now() + leaseMs })
    .where(and(eq(tasks.id, taskId), eq(tasks.leaseOwner, workerId), eq(tasks.status, "running")))
    .run();
  return res.changes > 0;
};
