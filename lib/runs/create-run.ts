import { eq } from "drizzle-orm";
import { runs, tasks } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { appendRunEvent } from "@/lib/runs/events";
import { getRunType } from "@/lib/runs/registry";
import type { TRunRow } from "@/lib/runs/types";

/** Validates the config, stores the run with its tasks, and queues it for the workers. */
export const createRun = (type: string, rawConfig: unknown): TRunRow => {
  const runType = getRunType(type);
  const parsed = runType.configSchema.safeParse(rawConfig);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`).join("; ");
    throw new AppError("UNPROCESSABLE", `Invalid ${type} config: ${issues}`, parsed.error.issues);
  }
  const config = parsed.data;
  const db = getDb();
  const now = Date.now();
  const runId = newId("run");
  const row: TRunRow = {
    id: runId,
    type,
    status: "queued",
    configJson: JSON.stringify(config),
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
    createdAt: now,
    startedAt: null,
    finishedAt: null,
  };
  db.transaction((tx) => {
    tx.insert(runs).values(row).run();
    const plan = runType.plan(row, config);
    tx.update(runs)
      .set({
        corpusId: plan.corpusId ?? null,
        inputVersionId: plan.inputVersionId ?? null,
        outputVersionId: plan.outputVersionId ?? null,
        itemsTotal: plan.itemsTotal ?? 0,
        bytesTotal: plan.bytesTotal ?? 0,
      })
      .where(eq(runs.id, runId))
      .run();
    const taskIds = plan.tasks.map(() => newId("task"));
    plan.tasks.forEach((t, idx) => {
      tx.insert(tasks)
        .values({
          id: taskIds[idx],
          runId,
          idx,
          kind: t.kind,
          status: "queued",
          maxAttempts: t.maxAttempts ?? 3,
          dependsOnJson: JSON.stringify((t.dependsOn ?? []).map((d) => taskIds[d])),
          inputJson: JSON.stringify(t.input ?? {}),
          createdAt: now,
        })
        .run();
    });
  });
  appendRunEvent(runId, "info", "run_created", `${type} run queued`, { config });
  return db.select().from(runs).where(eq(runs.id, runId)).get()!;
};
