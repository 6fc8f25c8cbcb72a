import { and, eq, inArray } from "drizzle-orm";
import { runs, tasks } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { appendRunEvent } from "@/lib/runs/events";
import { finishCancelledRun } from "@/lib/runs/execute-task";

/**
 * Requests cancellation: queued tasks are cancelled at once; running tasks stop at their next
 * heartbeat (their `ctx.signal` aborts), and the run ends as cancelled when none is left running —
 * at once when nothing is running. Cancelling a run that already ended is a 409; asking again while
 * a cancellation is pending is a no-op.
 */
export const cancelRun = (runId: string): void => {
  const db = getDb();
  const first = db.transaction(
    (tx) => {
      const run = tx.select().from(runs).where(eq(runs.id, runId)).get();
      if (!run) throw new AppError("NOT_FOUND", `Run ${runId} not found`);
      if (run.status !== "queued" && run.status !== "running") throw new AppError("CONFLICT", `Run ${runId} already ${run.status}`);
      tx.update(runs)
        .set({ cancelRequested: true })
        .where(and(eq(runs.id, runId), inArray(runs.status, ["queued", "running"])))
        .run();
      tx.update(tasks).set({ status: "cancelled" }).where(and(eq(tasks.runId, runId), eq(tasks.status, "queued"))).run();
      return !run.cancelRequested;
    },
    { behavior: "immediate" },
  );
  if (first) appendRunEvent(runId, "warn", "cancel_requested", "Cancellation requested");
  finishCancelledRun(runId);
};

