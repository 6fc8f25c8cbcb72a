import { getReadyVersionOrThrow } from "@/lib/corpora/versions";
import { AppError } from "@/lib/errors";
import { getModelByRun } from "@/lib/models/models";
import { countReferenceSet } from "@/lib/ngram/reference-docs";
import { ZTrainNgramConfigSchema } from "@/lib/ngram/train-run";
import { createRun } from "@/lib/runs/create-run";

/** Queues a train_ngram run after checking that its reference set has documents to train on. */
export const startTrainNgram = async (input: unknown): Promise<{ runId: string; modelId: string; referenceDocs: number }> => {
  const config = ZTrainNgramConfigSchema.parse(input);
  const version = getReadyVersionOrThrow(config.corpusId, config.versionId);
  const counts = await countReferenceSet({ version, filters: config.filters, search: config.search, heldoutFraction: config.heldoutFraction, maxDocs: config.maxDocs });
  if (counts.matching === 0) throw new AppError("UNPROCESSABLE", "No document matches the reference-set filters");
  if (counts.train === 0) throw new AppError("UNPROCESSABLE", `All ${counts.matching} matching documents fall in the held-out part; lower heldoutFraction or widen the filters`);
  const run = createRun("train_ngram", { ...config, versionId: version.id });
  return { runId: run.id, modelId: getModelByRun(run.id)!.id, referenceDocs: counts.matching };
};
