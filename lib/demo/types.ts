/** One demo document: the fields every ingest needs, plus source-specific metadata. */
export type TDemoDoc = { id: string; text: string; source: string } & Record<string, unknown>;
