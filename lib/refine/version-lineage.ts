import { and, desc, eq } from "drizzle-orm";
import { corpusVersions, runs } from "@/db/schema";
import { getVersionOrThrow, type TCorpusVersionRow } from "@/lib/corpora/versions";
import { getDb } from "@/lib/db/client";

/** A refinement that links two versions: `parent` was refined into `child` by run `runId`. */
export type TRefinementLink = {
  runId: string;
  parent: { id: string; version: number };
  child: { id: string; version: number; status: string; nDocs: number };
  summary: { dropped: number; changed: number; linesRemoved: number; charsRemoved: number; errors: number } | null;
};

const linkOf = (child: TCorpusVersionRow): TRefinementLink | null => {
  if (!child.parentVersionId || !child.createdByRunId) return null;
  const run = getDb().select().from(runs).where(eq(runs.id, child.createdByRunId)).get();
  if (run?.type !== "refine") return null;
  const parent = getVersionOrThrow(child.parentVersionId);
  const totals = (JSON.parse(run.summaryJson) as { refine?: { totals?: Record<string, number> } }).refine?.totals;
  return {
    runId: run.id,
    parent: { id: parent.id, version: parent.version },
    child: { id: child.id, version: child.version, status: child.status, nDocs: child.nDocs },
    summary: totals
      ? { dropped: totals.dropped, changed: totals.changed, linesRemoved: totals.linesRemoved, charsRemoved: totals.charsRemoved, errors: totals.errors }
      : null,
  };
};

/** How a version relates to others by refinement: the one it was refined from, and those refined from it (newest first). */
export const versionLineage = (versionId: string): { refinedFrom: TRefinementLink | null; refinedInto: TRefinementLink[] } => {
  const version = getVersionOrThrow(versionId);
  const children = getDb()
    .select()
    .from(corpusVersions)
    .where(and(eq(corpusVersions.parentVersionId, versionId), eq(corpusVersions.corpusId, version.corpusId)))
    .orderBy(desc(corpusVersions.version))
    .all();
  return { refinedFrom: linkOf(version), refinedInto: children.map(linkOf).filter((l): l is TRefinementLink => l !== null) };
};
