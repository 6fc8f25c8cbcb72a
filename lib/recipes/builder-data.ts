import { getCorpusOverview } from "@/lib/corpora/corpus-overview";

/** What the builder needs about a corpus version (default: the current one): its columns, the histogram behind every numeric column, the ready versions. */
export const getBuilderData = async (corpusId: string, versionId?: string) => {
  const o = await getCorpusOverview(corpusId, versionId);
  return {
    corpusName: o.corpus.name,
    versionId: o.version.id,
    version: o.version.version,
    columns: o.columns,
    histograms: o.histograms,
    versions: o.versions.filter((v) => v.status === "ready").map((v) => ({ id: v.id, version: v.version, nDocs: v.nDocs, current: v.id === o.corpus.currentVersionId })),
  };
};
export type TBuilderData = Awaited<ReturnType<typeof getBuilderData>>;
