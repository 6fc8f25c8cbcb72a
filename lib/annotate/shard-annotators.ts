import fs from "node:fs";
import path from "node:path";
import { getAnnotatorOrThrow } from "@/lib/annotators";
import type { TAnnotatorDoc } from "@/lib/annotators/types";
import { recordTaskInference } from "@/lib/annotate/inference-summary";
import { readShardSample } from "@/lib/annotate/sample-step";
import { getEndpointRowOrThrow } from "@/lib/inference/endpoints";
import { emptyStats, type TInferenceStats } from "@/lib/inference/stats";
import type { TTaskContext } from "@/lib/runs/types";

const FLUSH_MS = 1000;

/** Where a sampling annotator's sample of a run lives (written by the run's `sample` task). */
export const sampleFile = (setDir: string, annotatorId: string): string => path.join(setDir, "sample", `${annotatorId}.parquet`);

export type TShardAnnotators = {
  /** Runs one annotator on a batch and merges its columns into `rows` (one per document, same order). */
  annotate: (a: { id: string; config: unknown }, batch: TAnnotatorDoc[], rows: Record<string, unknown>[]) => Promise<void>;
  /** Stops the live counters and stores the final ones; returns them by annotator. */
  close: () => Record<string, TInferenceStats>;
};

/**
 * The annotators of one shard task. Model-backed annotators get the task's abort signal and a
 * counter object; their counters reach the run summary every second (live on the run page) and
 * when the task ends. Sampling annotators see only this shard's sampled documents; the others get
 * the annotator's `unsampledRow`.
 */
export const openShardAnnotators = async (ctx: TTaskContext, chosen: { id: string; config: unknown }[], setDir: string, shardIdx: number): Promise<TShardAnnotators> => {
  const stats: Record<string, TInferenceStats> = {};
  const samples = new Map<string, Set<string>>();
  for (const a of chosen) {
    const annotator = getAnnotatorOrThrow(a.id);
    if (annotator.endpointId) stats[a.id] = emptyStats();
    if (annotator.sample?.(a.config)) {
      const file = sampleFile(setDir, a.id);
      if (!fs.existsSync(file)) throw new Error(`The sample of annotator "${a.id}" is missing (${file})`);
      samples.set(a.id, await readShardSample(file, shardIdx));
    }
  }
  const modelIds = Object.keys(stats);
  const flush = () => {
    if (modelIds.length === 0) return;
    const byAnnotator = Object.fromEntries(
      modelIds.map((id) => {
        const a = chosen.find((c) => c.id === id)!;
        return [id, { endpoint: getEndpointRowOrThrow(getAnnotatorOrThrow(id).endpointId!(a.config)), stats: stats[id] }];
      }),
    );
    recordTaskInference(ctx.run.id, ctx.task.idx, ctx.task.attempts, byAnnotator);
  };
  // Flushed every second while a model annotator is at work, and once after.
  let busy = 0;
  let dirty = false;
  const timer =
    modelIds.length > 0
      ? setInterval(() => {
          if (busy === 0 && !dirty) return;
          dirty = false;
          try {
            flush();
          } catch {
            /* the next flush (or close) writes them */
          }
        }, FLUSH_MS)
      : undefined;

  return {
    annotate: async (a, batch, rows) => {
      const annotator = getAnnotatorOrThrow(a.id);
      const sample = samples.get(a.id);
      const picked = sample ? batch.map((d, i) => [d, i] as const).filter(([d]) => sample.has(d.id)) : batch.map((d, i) => [d, i] as const);
      const docs = picked.map(([d]) => d);
      const inference = stats[a.id];
      if (inference) busy++;
      let out: Record<string, unknown>[];
      try {
        out = docs.length > 0 ? await annotator.annotate(docs, a.config as never, inference ? { signal: ctx.signal, inference } : undefined) : [];
      } finally {
        if (inference) {
          busy--;
          dirty = true;
        }
      }
      if (sample) {
        const skipped = annotator.unsampledRow?.(a.config as never) ?? {};
        for (const row of rows) Object.assign(row, skipped);
      }
      out.forEach((o, k) => Object.assign(rows[picked[k][1]], o));
    },
    close: () => {
      if (timer) clearInterval(timer);
      flush();
      return stats;
    },
  };
};
