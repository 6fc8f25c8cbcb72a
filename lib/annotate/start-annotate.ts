import { z } from "zod";
import { getAnnotatorOrThrow, listAnnotators } from "@/lib/annotators";
import { resolveAnnotators, ZAnnotateConfigSchema, type TAnnotateConfig } from "@/lib/annotate/annotate-run";
import { buildDocumentRelation } from "@/lib/corpora/document-relation";
import { getReadyVersionOrThrow, listShards } from "@/lib/corpora/versions";
import { getConfig } from "@/lib/config";
import { queryRows } from "@/lib/duckdb/instance";
import { createRun } from "@/lib/runs/create-run";

/** Queues an annotation run over a corpus version. */
export const startAnnotate = (input: unknown): { runId: string } => {
  const config = ZAnnotateConfigSchema.parse(input);
  resolveAnnotators(config);
  return { runId: createRun("annotate", config).id };
};

/** The annotators a user can pick, with their columns and default config. */
export const describeAnnotators = () =>
  listAnnotators().map((a) => {
    const defaults = a.configSchema.parse({});
    return {
      id: a.id,
      version: a.version,
      title: a.title,
      description: a.description,
      defaults,
      columns: a.columns(defaults),
      modelKind: a.modelKind ?? null,
      configJsonSchema: z.toJSONSchema(a.configSchema, { io: "input", unrepresentable: "any" }),
    };
  });

const SAMPLE_DOCS = 300;

/**
 * Estimates the run time by timing the chosen annotators on a random sample of the corpus
 * and scaling to every document over the configured workers.
 */
export const estimateAnnotate = async (input: unknown) => {
  const config: TAnnotateConfig = ZAnnotateConfigSchema.parse(input);
  const resolved = resolveAnnotators(config);
  const version = getReadyVersionOrThrow(config.corpusId, config.versionId);
  const rel = buildDocumentRelation(version, []);
  const sample = await queryRows<{ id: string; text: string }>(`SELECT d.id AS id, d.text AS text FROM ${rel.from} USING SAMPLE ${SAMPLE_DOCS} ROWS`);
  const started = performance.now();
  for (const r of resolved) await getAnnotatorOrThrow(r.id).annotate(sample, r.config as never);
  const seconds = (performance.now() - started) / 1000;
  const perDoc = sample.length > 0 ? seconds / sample.length : 0;
  const workers = Math.max(1, getConfig().workers);
  // One task per shard: more workers than shards do not help.
  const parallel = Math.min(workers, Math.max(1, listShards(version.id).length));
  return {
    docs: version.nDocs,
    sampleDocs: sample.length,
    docsPerSecond: perDoc > 0 ? 1 / perDoc : null,
    estimatedSeconds: Math.ceil((perDoc * version.nDocs) / parallel),
    workers,
  };
};
