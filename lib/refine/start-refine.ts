import { getReadyVersionOrThrow } from "@/lib/corpora/versions";
import { resolveRefine, ZRefineConfigSchema } from "@/lib/refine/refine-config";
import { createRun } from "@/lib/runs/create-run";

/**
 * Queues a refinement run over a corpus version (rules and/or the refining LM). The version is
 * pinned in the config (default: the current one), so a re-run refines the same parent again
 * rather than the version the first run made current.
 */
export const startRefine = (input: unknown): { runId: string } => {
  const config = ZRefineConfigSchema.parse(input);
  resolveRefine(config);
  const versionId = getReadyVersionOrThrow(config.corpusId, config.versionId).id;
  return { runId: createRun("refine", { ...config, versionId }).id };
};
