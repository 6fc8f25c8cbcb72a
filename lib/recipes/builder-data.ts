import { getCorpusOverview } from "@/lib/corpora/corpus-overview";

/** What the builder needs about a corpus: its columns and the histogram behind every numeric column. */
export const getBuilderData = async (corpusId: string) => {
  const o = await getCorpusOverview(corpusId);
  return { corpusName: o.corpus.name, columns: o.columns, histograms: o.histograms };
};
