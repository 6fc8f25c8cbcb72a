import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { runs, type TRunStatus } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import { serializeRun, type TSerializedRun } from "@/lib/runs/get-run";

export type TRunFilter = { type?: string; status?: TRunStatus; corpusId?: string };
export type TListRunsOptions = TRunFilter & { limit?: number; offset?: number };

const whereOf = (f: TRunFilter): SQL | undefined => {
  const conds: SQL[] = [];
  if (f.type) conds.push(eq(runs.type, f.type));
  if (f.status) conds.push(eq(runs.status, f.status));
  if (f.corpusId) conds.push(eq(runs.corpusId, f.corpusId));
  return conds.length ? and(...conds) : undefined;
};

/** Runs newest first (ties broken by id, so paging is stable), optionally filtered. */
export const listRuns = (opts: TListRunsOptions = {}): TSerializedRun[] =>
  getDb()
    .select()
    .from(runs)
    .where(whereOf(opts))
    .orderBy(desc(runs.createdAt), desc(runs.id))
    .limit(opts.limit ?? 100)
    .offset(opts.offset ?? 0)
    .all()
    .map((r) => serializeRun(r));

/** How many runs match the filter (for paging). */
export const countRuns = (f: TRunFilter = {}): number =>
  getDb().select({ n: sql<number>`count(*)` }).from(runs).where(whereOf(f)).get()?.n ?? 0;
