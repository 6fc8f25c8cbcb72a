import { and, desc, eq, sql } from "drizzle-orm";
import { corpora, corpusVersions, shards } from "@/db/schema";
import { getDb, type TDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { versionRelDir } from "@/lib/corpora/paths";

export type TCorpusRow = typeof corpora.$inferSelect;
export type TCorpusVersionRow = typeof corpusVersions.$inferSelect;
export type TShardRow = typeof shards.$inferSelect;

/** A column of a corpus version's shards. `id`, `text`, `source` and `n_chars` are always present. */
export type TColumn = { name: string; type: string };

type TTx = Parameters<Parameters<TDb["transaction"]>[0]>[0];

/** Creates a corpus with a first version in `building` state (invisible until it is ready). */
export const createCorpusWithVersion = (
  tx: TTx | TDb,
  opts: { name: string; description?: string; runId: string },
): { corpus: TCorpusRow; version: TCorpusVersionRow } => {
  const now = Date.now();
  const corpus: TCorpusRow = {
    id: newId("cor"),
    name: opts.name,
    description: opts.description ?? "",
    currentVersionId: null,
    createdAt: now,
  };
  tx.insert(corpora).values(corpus).run();
  const version = tx
    .insert(corpusVersions)
    .values({
      id: newId("ver"),
      corpusId: corpus.id,
      version: 1,
      createdByRunId: opts.runId,
      status: "building",
      path: versionRelDir(corpus.id, 1),
      createdAt: now,
    })
    .returning()
    .get();
  return { corpus, version };
};

/**
 * Creates the next version of a corpus in `building` state, derived from a parent version by a run
 * (a refinement): it has the parent's columns and becomes visible (and current) when marked ready.
 */
export const createChildVersion = (tx: TTx | TDb, opts: { parent: TCorpusVersionRow; runId: string }): TCorpusVersionRow => {
  const { parent } = opts;
  const last = tx
    .select({ version: corpusVersions.version })
    .from(corpusVersions)
    .where(eq(corpusVersions.corpusId, parent.corpusId))
    .orderBy(desc(corpusVersions.version))
    .limit(1)
    .get();
  const version = (last?.version ?? 0) + 1;
  return tx
    .insert(corpusVersions)
    .values({
      id: newId("ver"),
      corpusId: parent.corpusId,
      version,
      parentVersionId: parent.id,
      createdByRunId: opts.runId,
      status: "building",
      path: versionRelDir(parent.corpusId, version),
      columnsJson: parent.columnsJson,
      createdAt: Date.now(),
    })
    .returning()
    .get();
};

export type TVersionStats = {
  nDocs: number;
  nChars: number;
  nBytes: number;
  columns: TColumn[];
  sourceCounts: Record<string, number>;
  shards: { path: string; nDocs: number; nBytes: number }[];
};

/** Registers the shards and makes the version visible, in one transaction. */
export const markVersionReady = (versionId: string, stats: TVersionStats): void => {
  const db = getDb();
  db.transaction((tx) => {
    tx.delete(shards).where(eq(shards.corpusVersionId, versionId)).run();
    stats.shards.forEach((s, idx) =>
      tx
        .insert(shards)
        .values({ id: newId("shd"), corpusVersionId: versionId, idx, path: s.path, nDocs: s.nDocs, nBytes: s.nBytes })
        .run(),
    );
    const v = tx
      .update(corpusVersions)
      .set({
        status: "ready",
        nDocs: stats.nDocs,
        nChars: stats.nChars,
        nBytes: stats.nBytes,
        columnsJson: JSON.stringify(stats.columns),
        sourceCountsJson: JSON.stringify(stats.sourceCounts),
      })
      .where(eq(corpusVersions.id, versionId))
      .returning()
      .get();
    if (!v) throw new AppError("NOT_FOUND", `Corpus version ${versionId} not found`);
    tx.update(corpora).set({ currentVersionId: v.id }).where(eq(corpora.id, v.corpusId)).run();
  });
};

export const markVersionFailed = (versionId: string): void => {
  getDb()
    .update(corpusVersions)
    .set({ status: "failed" })
    .where(and(eq(corpusVersions.id, versionId), eq(corpusVersions.status, "building")))
    .run();
};

export const getCorpusOrThrow = (corpusId: string): TCorpusRow => {
  const c = getDb().select().from(corpora).where(eq(corpora.id, corpusId)).get();
  if (!c) throw new AppError("NOT_FOUND", `Corpus ${corpusId} not found`);
  return c;
};

export const getVersionOrThrow = (versionId: string): TCorpusVersionRow => {
  const v = getDb().select().from(corpusVersions).where(eq(corpusVersions.id, versionId)).get();
  if (!v) throw new AppError("NOT_FOUND", `Corpus version ${versionId} not found`);
  return v;
};

/** The version to show for a corpus: the given one, else the current (newest ready) one. */
export const getReadyVersionOrThrow = (corpusId: string, versionId?: string): TCorpusVersionRow => {
  const corpus = getCorpusOrThrow(corpusId);
  const id = versionId ?? corpus.currentVersionId;
  if (!id) throw new AppError("CONFLICT", `Corpus "${corpus.name}" has no ready version yet`);
  const v = getVersionOrThrow(id);
  if (v.corpusId !== corpusId) throw new AppError("NOT_FOUND", `Version ${id} does not belong to corpus ${corpusId}`);
  if (v.status !== "ready") throw new AppError("CONFLICT", `Version ${v.version} of "${corpus.name}" is ${v.status}`);
  return v;
};

export const listShards = (versionId: string): TShardRow[] =>
  getDb().select().from(shards).where(eq(shards.corpusVersionId, versionId)).orderBy(shards.idx).all();

export const listVersions = (corpusId: string): TCorpusVersionRow[] =>
  getDb().select().from(corpusVersions).where(eq(corpusVersions.corpusId, corpusId)).orderBy(desc(corpusVersions.version)).all();

export type TCorpusSummary = TCorpusRow & {
  status: "ready" | "building" | "failed";
  nDocs: number;
  nChars: number;
  nBytes: number;
  version: number | null;
};

/** Every corpus with the stats of its current version (or the state of its first build). */
export const listCorpora = (): TCorpusSummary[] => {
  const db = getDb();
  const rows = db
    .select({
      corpus: corpora,
      latestStatus: sql<string>`(select status from corpus_versions v where v.corpus_id = ${corpora.id} order by v.version desc limit 1)`,
      current: corpusVersions,
    })
    .from(corpora)
    .leftJoin(corpusVersions, eq(corpusVersions.id, corpora.currentVersionId))
    .orderBy(desc(corpora.createdAt))
    .all();
  return rows.map(({ corpus, latestStatus, current }) => ({
    ...corpus,
    status: current ? "ready" : ((latestStatus as "building" | "failed" | null) ?? "failed"),
    nDocs: current?.nDocs ?? 0,
    nChars: current?.nChars ?? 0,
    nBytes: current?.nBytes ?? 0,
    version: current?.version ?? null,
  }));
};

export const findCorpusByName = (name: string): TCorpusRow | undefined =>
  getDb().select().from(corpora).where(eq(corpora.name, name)).orderBy(desc(corpora.createdAt)).get();
