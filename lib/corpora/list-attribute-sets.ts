import { attributeColumns, listReadyAttributeSets } from "@/lib/annotate/attribute-sets";
import { getReadyVersionOrThrow } from "@/lib/corpora/versions";

/** The ready attribute sets of a corpus version (default: the current one), newest first, with their columns. */
export const listCorpusAttributeSets = (corpusId: string, versionId?: string) => {
  const version = getReadyVersionOrThrow(corpusId, versionId);
  return {
    versionId: version.id,
    attributeSets: listReadyAttributeSets(version.id).map((s) => ({
      id: s.id,
      name: s.name,
      runId: s.runId,
      nDocs: s.nDocs,
      createdAt: s.createdAt,
      columns: attributeColumns(s).map(({ name, type, description }) => ({ name, type, description })),
    })),
  };
};
