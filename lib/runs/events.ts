import { and, asc, eq, gt } from "drizzle-orm";
import { runEvents } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import type { TEventLevel } from "@/lib/runs/types";
import { mayReadIngestSamples, withoutSampleExcerpts, type TSampleReader } from "@/lib/security/ingest-samples";

export const appendRunEvent = (
  runId: string,
  level: TEventLevel,
  kind: string,
  message: string,
  data?: unknown,
  taskId?: string,
): void => {
  getDb()
    .insert(runEvents)
    .values({
      runId,
      taskId: taskId ?? null,
      ts: Date.now(),
      level,
      kind,
      message,
      dataJson: data === undefined ? null : JSON.stringify(data),
    })
    .run();
};

export type TRunEvent = {
  id: number;
  ts: number;
  level: TEventLevel;
  kind: string;
  message: string;
  taskId: string | null;
  data: unknown;
};

/**
 * Run log entries after `afterId`, oldest first. `reader`: who asks (see
 * `lib/security/ingest-samples.ts`); without access to the run's corpus, input excerpts are left out.
 */
export const listRunEvents = (runId: string, afterId = 0, limit = 1000, opts: { reader?: TSampleReader; corpusId?: string | null } = {}): TRunEvent[] => {
  const events = readRunEvents(runId, afterId, limit);
  return mayReadIngestSamples(opts.reader ?? null, { corpusId: opts.corpusId ?? null }) ? events : events.map((e) => ({ ...e, data: withoutSampleExcerpts(e.data) }));
};

const readRunEvents = (runId: string, afterId: number, limit: number): TRunEvent[] =>
  getDb()
    .select()
    .from(runEvents)
    .where(and(eq(runEvents.runId, runId), gt(runEvents.id, afterId)))
    .orderBy(asc(runEvents.id))
    .limit(limit)
    .all()
    .map((e) => ({
      id: e.id,
      ts: e.ts,
      level: e.level,
      kind: e.kind,
      message: e.message,
      taskId: e.taskId,
      data: e.dataJson ? JSON.parse(e.dataJson) : null,
    }));
