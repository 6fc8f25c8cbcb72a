import { eq } from "drizzle-orm";
import { runs, tasks } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { TRunRow } from "@/lib/runs/types";
import { mayReadIngestSamples, withoutSampleExcerpts, type TSampleReader } from "@/lib/security/ingest-samples";

export type TRunProgress = {
  /** 0..1, from items when the total is known, else from bytes; null when unknown. */
  fraction: number | null;
  durationMs: number | null;
  itemsPerSecond: number | null;
  bytesPerSecond: number | null;
  etaMs: number | null;
};

export const isRunActive = (r: Pick<TRunRow, "status">): boolean => r.status === "queued" || r.status === "running";

/** Fraction done, throughput and ETA, derived from the run's counters and timestamps. */
export const runProgress = (r: TRunRow, now = Date.now()): TRunProgress => {
  const fromItems = r.itemsTotal > 0 ? Math.min(1, r.itemsDone / r.itemsTotal) : null;
  const fromBytes = r.bytesTotal > 0 ? Math.min(1, r.bytesDone / r.bytesTotal) : null;
  let fraction = r.status === "succeeded" ? 1 : (fromItems ?? fromBytes);
  if (fraction !== null && r.type === "ingest" && r.status === "running") fraction = fromBytes ?? fraction;
  const end = r.finishedAt ?? now;
  const durationMs = r.startedAt ? end - r.startedAt : null;
  const secs = durationMs ? durationMs / 1000 : 0;
  const itemsPerSecond = secs > 0 && r.itemsDone > 0 ? r.itemsDone / secs : null;
  const bytesPerSecond = secs > 0 && r.bytesDone > 0 ? r.bytesDone / secs : null;
  const etaMs = isRunActive(r) && fraction && fraction > 0 && durationMs ? (durationMs * (1 - fraction)) / fraction : null;
  return { fraction, durationMs, itemsPerSecond, bytesPerSecond, etaMs };
};

export const getRunOrThrow = (runId: string): TRunRow => {
  const r = getDb().select().from(runs).where(eq(runs.id, runId)).get();
  if (!r) throw new AppError("NOT_FOUND", `Run ${runId} not found`);
  return r;
};

/** A run with its tasks, parsed config and summary, and derived progress. */
/** `reader`: who asks (see `lib/security/ingest-samples.ts`); without access, input excerpts are left out. */
export const getRunDetails = (runId: string, opts: { reader?: TSampleReader } = {}) => {
  const run = getRunOrThrow(runId);
  const taskRows = getDb().select().from(tasks).where(eq(tasks.runId, runId)).orderBy(tasks.idx).all();
  const view = serializeRun(run);
  return {
    run: mayReadIngestSamples(opts.reader ?? null, run) ? view : { ...view, summary: withoutSampleExcerpts(view.summary) },
    tasks: taskRows.map((t) => ({
      id: t.id,
      idx: t.idx,
      kind: t.kind,
      status: t.status,
      attempts: t.attempts,
      maxAttempts: t.maxAttempts,
      worker: t.leaseOwner,
      itemsDone: t.itemsDone,
      error: t.error,
      startedAt: t.startedAt,
      finishedAt: t.finishedAt,
    })),
  };
};

export type TRunDetails = ReturnType<typeof getRunDetails>;
export type TRunTaskView = TRunDetails["tasks"][number];

export const serializeRun = (r: TRunRow, now = Date.now()) => ({
  id: r.id,
  type: r.type,
  status: r.status,
  config: JSON.parse(r.configJson) as unknown,
  summary: JSON.parse(r.summaryJson) as Record<string, unknown>,
  corpusId: r.corpusId,
  inputVersionId: r.inputVersionId,
  outputVersionId: r.outputVersionId,
  itemsTotal: r.itemsTotal,
  itemsDone: r.itemsDone,
  bytesTotal: r.bytesTotal,
  bytesDone: r.bytesDone,
  errorCount: r.errorCount,
  error: r.error,
  cancelRequested: r.cancelRequested,
  createdAt: r.createdAt,
  startedAt: r.startedAt,
  finishedAt: r.finishedAt,
  progress: runProgress(r, now),
});
export type TSerializedRun = ReturnType<typeof serializeRun>;

/** Kept for existing importers (lib/recipes/exports.ts); new code imports from `@/lib/runs/list-runs`. */
export { listRuns } from "@/lib/runs/list-runs";
