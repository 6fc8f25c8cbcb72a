import { and, desc, eq } from "drizzle-orm";
import { attributeSets } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import { newId } from "@/lib/ids";

export type TAttributeSetRow = typeof attributeSets.$inferSelect;

/** A column of an attribute set; `table` names the file group it is stored in. */
export type TAttributeColumn = { name: string; type: string; description: string; better?: "higher" | "lower"; table: string };

export const createAttributeSet = (opts: {
  corpusVersionId: string;
  runId: string;
  name: string;
  annotators: { id: string; version: string; config: unknown }[];
  columns: TAttributeColumn[];
}): TAttributeSetRow => {
  const id = newId("att");
  return getDb()
    .insert(attributeSets)
    .values({
      id,
      corpusVersionId: opts.corpusVersionId,
      runId: opts.runId,
      name: opts.name,
      status: "building",
      path: `attributes/${id}`,
      annotatorsJson: JSON.stringify(opts.annotators),
      columnsJson: JSON.stringify(opts.columns),
      createdAt: Date.now(),
    })
    .returning()
    .get();
};

export const markAttributeSetReady = (id: string, tables: Record<string, string[]>, nDocs: number): void => {
  getDb()
    .update(attributeSets)
    .set({ status: "ready", tablesJson: JSON.stringify(tables), nDocs })
    .where(eq(attributeSets.id, id))
    .run();
};

export const markAttributeSetFailed = (id: string): void => {
  getDb()
    .update(attributeSets)
    .set({ status: "failed" })
    .where(and(eq(attributeSets.id, id), eq(attributeSets.status, "building")))
    .run();
};

export const getAttributeSetByRun = (runId: string): TAttributeSetRow | undefined =>
  getDb().select().from(attributeSets).where(eq(attributeSets.runId, runId)).get();

/** Ready attribute sets of a corpus version, newest first. */
export const listReadyAttributeSets = (corpusVersionId: string): TAttributeSetRow[] =>
  getDb()
    .select()
    .from(attributeSets)
    .where(and(eq(attributeSets.corpusVersionId, corpusVersionId), eq(attributeSets.status, "ready")))
    .orderBy(desc(attributeSets.createdAt))
    .all();

export const attributeColumns = (set: TAttributeSetRow): TAttributeColumn[] => JSON.parse(set.columnsJson) as TAttributeColumn[];
export const attributeTables = (set: TAttributeSetRow): Record<string, string[]> => JSON.parse(set.tablesJson) as Record<string, string[]>;
