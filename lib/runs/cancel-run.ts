import { and, eq } from "drizzle-orm";
import { runs, tasks } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { appendRunEvent } from "@/lib/runs/events";
import { finishCancelledRun } from "@/lib/runs/execute-task";
import { getRunOrThrow, isRunActive } from "@/lib/runs/get-run";

/**
 * Requests cancellation: queued tasks are cancelled at once; running tasks stop at their next
 * heartbeat, and the run ends as cancelled when none is left running.
 */
export const cancelRun = (runId: string): void => {
  const run = getRunOrThrow(runId);
  if (!isRunActive(run)) throw new AppError("CONFLICT", `Run ${runId} already ${run.status}`);
  const db = getDb();
  db.update(runs).set({ cancelRequested: true }).where(eq(runs.id, runId)).run();
  db.update(tasks).set({ status: "cancelled" }).where(and(eq(tasks.runId, runId), eq(tasks.status, "queued"))).run();
  appendRunEvent(runId, "warn", "cancel_requested", "Cancellation requested");
  finishCancelledRun(runId);
};
