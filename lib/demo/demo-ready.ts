import { and, eq, isNotNull } from "drizzle-orm";
import { corpora } from "@/db/schema";
import { getDb } from "@/lib/db/client";

export const DEMO_CORPUS_NAME = "demo";

/** True when a demo corpus has a current version (a cheap check: `npm start` imports no ingest code for it). */
export const isDemoCorpusReady = (): boolean =>
  getDb()
    .select({ id: corpora.id })
    .from(corpora)
    .where(and(eq(corpora.name, DEMO_CORPUS_NAME), isNotNull(corpora.currentVersionId)))
    .get() !== undefined;
