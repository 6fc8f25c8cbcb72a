import { and, desc, eq } from "drizzle-orm";
import { models, type TModelKind } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";

export type TModelRow = typeof models.$inferSelect;

/** Registers a model a run is about to train (status `building`); its files go under `models/<id>/`. */
export const createModel = (opts: { kind: TModelKind; name: string; runId: string; corpusVersionId?: string; config: unknown }): TModelRow => {
  const id = newId("mdl");
  return getDb()
    .insert(models)
    .values({
      id,
      kind: opts.kind,
      name: opts.name,
      status: "building",
      path: `models/${id}`,
      runId: opts.runId,
      corpusVersionId: opts.corpusVersionId ?? null,
      configJson: JSON.stringify(opts.config ?? {}),
      createdAt: Date.now(),
    })
    .returning()
    .get();
};

export const markModelReady = (id: string, metrics: unknown): void => {
  getDb()
    .update(models)
    .set({ status: "ready", metricsJson: JSON.stringify(metrics) })
    .where(eq(models.id, id))
    .run();
};

export const markModelFailed = (id: string): void => {
  getDb()
    .update(models)
    .set({ status: "failed" })
    .where(and(eq(models.id, id), eq(models.status, "building")))
    .run();
};

export const getModelByRun = (runId: string): TModelRow | undefined => getDb().select().from(models).where(eq(models.runId, runId)).get();

/** A ready model of the given kind, or a clear error. */
export const getReadyModelOrThrow = (id: string, kind: TModelKind): TModelRow => {
  const m = getDb().select().from(models).where(eq(models.id, id)).get();
  if (!m) throw new AppError("NOT_FOUND", `Model ${id} not found`);
  if (m.kind !== kind) throw new AppError("UNPROCESSABLE", `Model ${id} is a ${m.kind} model, not ${kind}`);
  if (m.status !== "ready") throw new AppError("CONFLICT", `Model ${id} is ${m.status}, not ready`);
  return m;
};

/** Models, newest first, optionally of one kind and status. */
export const listModels = (filter: { kind?: TModelKind; status?: TModelRow["status"] } = {}): TModelRow[] => {
  const conds = [filter.kind ? eq(models.kind, filter.kind) : undefined, filter.status ? eq(models.status, filter.status) : undefined].filter((c) => c !== undefined);
  return getDb()
    .select()
    .from(models)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(models.createdAt))
    .all();
};

/** A model for the API: config and metrics parsed. */
export const describeModel = (m: TModelRow) => ({
  id: m.id,
  kind: m.kind,
  name: m.name,
  status: m.status,
  path: m.path,
  runId: m.runId,
  corpusVersionId: m.corpusVersionId,
  config: JSON.parse(m.configJson) as unknown,
  metrics: JSON.parse(m.metricsJson) as unknown,
  createdAt: m.createdAt,
});
