import path from "node:path";
import { and, desc, eq } from "drizzle-orm";
import { models, type TModelKind } from "@/db/schema";
import { dataPath } from "@/lib/corpora/paths";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";

export type TModelRow = typeof models.$inferSelect;

/** Folder of a model trained in the studio, relative to the data dir. */
export const modelRelDir = (id: string): string => path.join("models", id);

/** Creates a model row (status building) that a training run fills. */
export const createModel = (opts: { kind: TModelKind; name: string; runId?: string; corpusVersionId?: string; config: unknown; fileName: string }): TModelRow => {
  const id = newId("mdl");
  return getDb()
    .insert(models)
    .values({
      id,
      kind: opts.kind,
      name: opts.name,
      status: "building",
      path: path.join(modelRelDir(id), opts.fileName),
      runId: opts.runId ?? null,
      corpusVersionId: opts.corpusVersionId ?? null,
      configJson: JSON.stringify(opts.config ?? {}),
      createdAt: Date.now(),
    })
    .returning()
    .get();
};

/** Registers a model file that already exists (absolute path), ready to use. */
export const insertReadyModel = (opts: { kind: TModelKind; name: string; absPath: string; config: unknown }): TModelRow =>
  getDb()
    .insert(models)
    .values({ id: newId("mdl"), kind: opts.kind, name: opts.name, status: "ready", path: opts.absPath, configJson: JSON.stringify(opts.config ?? {}), createdAt: Date.now() })
    .returning()
    .get();

export const markModelReady = (id: string, metrics: unknown, config?: unknown): void => {
  getDb()
    .update(models)
    .set({ status: "ready", metricsJson: JSON.stringify(metrics ?? {}), ...(config !== undefined ? { configJson: JSON.stringify(config) } : {}) })
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

export const getModel = (id: string): TModelRow | undefined => getDb().select().from(models).where(eq(models.id, id)).get();

export const getModelOrThrow = (id: string): TModelRow => {
  const m = getModel(id);
  if (!m) throw new AppError("NOT_FOUND", `Model ${id} not found`);
  return m;
};

/** A ready model of the given kind, or a clear error. */
export const getReadyModelOrThrow = (id: string, kind: TModelKind): TModelRow => {
  const m = getModelOrThrow(id);
  if (m.kind !== kind) throw new AppError("UNPROCESSABLE", `Model ${id} is a ${m.kind} model, not ${kind}`);
  if (m.status !== "ready") throw new AppError("CONFLICT", `Model ${id} is ${m.status}, not ready`);
  return m;
};

export const getModelByRun = (runId: string): TModelRow | undefined => getDb().select().from(models).where(eq(models.runId, runId)).get();

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

/** Absolute path of a model's file (trained models are stored relative to the data dir). */
export const modelFilePath = (m: TModelRow): string => (path.isAbsolute(m.path) ? m.path : dataPath(m.path));

/** The model as the API shows it (parsed JSON fields). */
export const describeModel = (m: TModelRow) => ({
  id: m.id,
  kind: m.kind,
  name: m.name,
  status: m.status,
  path: m.path,
  runId: m.runId,
  corpusVersionId: m.corpusVersionId,
  config: JSON.parse(m.configJson) as Record<string, unknown>,
  metrics: JSON.parse(m.metricsJson) as Record<string, unknown>,
  createdAt: m.createdAt,
});
