import { desc, eq } from "drizzle-orm";
import { runEvents } from "@/db/schema";
import { getDb } from "@/lib/db/client";

/** The event id to read after so that only the run's last `n` log entries follow (0: from the start). */
export const logTailStart = (runId: string, n: number): number => {
  const row = getDb()
    .select({ id: runEvents.id })
    .from(runEvents)
    .where(eq(runEvents.runId, runId))
    .orderBy(desc(runEvents.id))
    .limit(1)
    .offset(Math.max(0, Math.floor(n)))
    .get();
  return row?.id ?? 0;
};
