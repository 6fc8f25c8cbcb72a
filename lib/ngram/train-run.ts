import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { ZNgramHeldoutSchema, ZNgramMaxDocsSchema, ZNgramOrderSchema } from "@/lib/ngram/train-fields";
import { runs } from "@/db/schema";
import { ZFilterSchema } from "@/lib/corpora/document-filters";
import { getReadyVersionOrThrow, getVersionOrThrow } from "@/lib/corpora/versions";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createModel, getModelByRun, markModelFailed, markModelReady, modelFilePath } from "@/lib/models/models";
import { writeArpa } from "@/lib/ngram/arpa";
import { createNgramCounter, DEFAULT_MAX_NGRAMS, type TKnStats } from "@/lib/ngram/kneser-ney";
import { ARPA_FILE } from "@/lib/ngram/load-model";
import { createScorer, modelSize, perplexityOf } from "@/lib/ngram/model";
import { checkReferenceFilters, countReferenceSet, referenceTexts, type TReferenceSet } from "@/lib/ngram/reference-docs";
import { DEFAULT_TOKENIZER, ZNgramTokenizerSchema } from "@/lib/ngram/tokenize";
import type { TRunType } from "@/lib/runs/types";

export const ZTrainNgramConfigSchema = z.object({
  corpusId: z.string().min(1),
  versionId: z.string().min(1).optional(),
  name: z.string().trim().max(200).optional(),
  /** The reference set: documents passing these filters (documents table filters, any ready column). */
  filters: z.array(ZFilterSchema).max(50).default([]),
  /** And a text search (substring, any case), as in the documents table. */
  search: z.string().trim().max(1000).optional(),
  order: ZNgramOrderSchema,
  tokenizer: ZNgramTokenizerSchema.default(DEFAULT_TOKENIZER),
  /** Share of the reference set held out (by a hash of the id) to measure perplexity on. */
  heldoutFraction: ZNgramHeldoutSchema,
  /** Per order (index n − 1): drop n-grams seen at most this many times; non-decreasing, unigrams never. */
  prune: z.array(z.number().int().min(0)).max(10).default([]),
  /** Cap on distinct n-grams while counting (memory: about 4n + 64 bytes each while training). */
  maxNgrams: z.number().int().min(1000).max(200_000_000).default(DEFAULT_MAX_NGRAMS),
  /** Train on at most this many documents (a hash-random sample of the training part). */
  maxDocs: ZNgramMaxDocsSchema,
});
export type TTrainNgramConfig = z.infer<typeof ZTrainNgramConfigSchema>;

/** What a train_ngram run reports (run summary and the model's metrics). */
export type TNgramTrainMetrics = TKnStats & {
  referenceDocs: number;
  trainDocs: number;
  heldout: { docs: number; tokens: number; oov: number; oovRate: number | null; log10Prob: number; perplexity: number | null };
  vocab: number;
  modelBytes: number;
  arpaBytes: number;
  seconds: { count: number; estimate: number; write: number; heldout: number };
  trainTokensPerSecond: number | null;
};

const checkPrune = (prune: number[]) => {
  for (let i = 2; i < prune.length; i++) {
    if (prune[i] < prune[i - 1]) throw new AppError("UNPROCESSABLE", `prune thresholds must not decrease with the order (got ${prune.join(", ")})`);
  }
};

const referenceOf = (config: TTrainNgramConfig, versionId: string): TReferenceSet => ({
  version: getVersionOrThrow(versionId),
  filters: config.filters,
  search: config.search,
  heldoutFraction: config.heldoutFraction,
  maxDocs: config.maxDocs,
});

const secondsSince = (t: number) => Math.round(performance.now() - t) / 1000;

export const trainNgramRunType: TRunType<TTrainNgramConfig> = {
  type: "train_ngram",
  configSchema: ZTrainNgramConfigSchema as unknown as z.ZodType<TTrainNgramConfig>,

  plan: (run, config) => {
    const version = getReadyVersionOrThrow(config.corpusId, config.versionId);
    checkReferenceFilters(referenceOf(config, version.id));
    checkPrune(config.prune);
    const { corpusId, versionId: _v, name, ...settings } = config;
    createModel({
      kind: "ngram",
      name: name || `${config.order}-gram on ${config.filters.length || config.search ? "a filtered reference set" : "the whole corpus"}`,
      runId: run.id,
      corpusVersionId: version.id,
      config: { ...settings, corpusId },
      fileName: ARPA_FILE,
    });
    return { tasks: [{ kind: "train", input: {}, maxAttempts: 2 }], corpusId, inputVersionId: version.id };
  },

  execute: async (ctx, config) => {
    const row = getModelByRun(ctx.run.id);
    if (!row) throw new Error("The run's model row is missing");
    const ref = referenceOf(config, ctx.run.inputVersionId!);
    const counts = await countReferenceSet(ref);
    if (counts.train === 0) {
      throw new AppError("UNPROCESSABLE", `The reference set has no training documents: ${counts.matching} match the filters, ${counts.heldout} of them held out`);
    }
    ctx.setTotals({ items: counts.train + counts.heldout });
    ctx.log("info", "reference_set", `Reference set: ${counts.matching} documents, ${counts.train} for training, ${counts.heldout} held out`, counts);

    let t = performance.now();
    const counter = createNgramCounter({ order: config.order, prune: config.prune, maxNgrams: config.maxNgrams, tokenizer: config.tokenizer });
    let trainDocs = 0;
    for await (const batch of referenceTexts(ref, "train")) {
      for (const text of batch) counter.addText(text);
      trainDocs += batch.length;
      ctx.progress({ items: batch.length });
    }
    const countSecs = secondsSince(t);
    t = performance.now();
    const { model, stats } = counter.estimate(() => ctx.heartbeat());
    const estimateSecs = secondsSince(t);
    ctx.log("info", "ngram_estimated", `Estimated a ${config.order}-gram model: ${stats.ngrams.map((n, i) => `${i + 1}-grams ${n}`).join(", ")}`, stats);
    if (stats.discountFallback.length > 0) {
      ctx.log("warn", "discount_fallback", `Too little data for Kneser-Ney discounts of order(s) ${stats.discountFallback.join(", ")}: used lmplz's fallback 0.5, 1, 1.5`);
    }

    t = performance.now();
    const arpaFile = modelFilePath(row);
    fs.mkdirSync(path.dirname(arpaFile), { recursive: true });
    const arpaBytes = writeArpa(model, arpaFile, () => ctx.heartbeat());
    const writeSecs = secondsSince(t);

    t = performance.now();
    const scorer = createScorer(model);
    const held = { docs: 0, tokens: 0, oov: 0, log10Prob: 0 };
    for await (const batch of referenceTexts(ref, "heldout")) {
      for (const text of batch) {
        const s = scorer.scoreText(text, config.tokenizer);
        held.tokens += s.nTokens;
        held.oov += s.oov;
        held.log10Prob += s.log10Prob;
      }
      held.docs += batch.length;
      ctx.progress({ items: batch.length });
    }
    const size = modelSize(model);
    const metrics: TNgramTrainMetrics = {
      ...stats,
      referenceDocs: counts.matching,
      trainDocs,
      heldout: {
        ...held,
        oovRate: held.tokens > 0 ? held.oov / held.tokens : null,
        perplexity: perplexityOf(held.log10Prob, held.tokens),
      },
      vocab: size.vocab,
      modelBytes: size.bytes,
      arpaBytes,
      seconds: { count: countSecs, estimate: estimateSecs, write: writeSecs, heldout: secondsSince(t) },
      trainTokensPerSecond: countSecs > 0 ? Math.round(stats.tokens / countSecs) : null,
    };
    markModelReady(row.id, metrics);
    getDb()
      .update(runs)
      .set({ summaryJson: JSON.stringify({ modelId: row.id, arpaFile: row.path, ngram: metrics }) })
      .where(eq(runs.id, ctx.run.id))
      .run();
    ctx.log("info", "model_ready", `Model ${row.id} ready; held-out perplexity ${metrics.heldout.perplexity?.toFixed(1) ?? "—"} on ${held.docs} documents`);
    return { modelId: row.id };
  },

  onAbort: (run) => {
    const row = getModelByRun(run.id);
    if (row) markModelFailed(row.id);
  },
};
