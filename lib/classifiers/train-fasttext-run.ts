import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { classifierKey } from "@/lib/classifiers/classifier-key";
import { runs } from "@/db/schema";
import { ZFilterSchema } from "@/lib/corpora/document-filters";
import { getReadyVersionOrThrow, getVersionOrThrow } from "@/lib/corpora/versions";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { ZFastTextParamsSchema, ZHeldOutFractionSchema } from "@/lib/fasttext/hyper-params";
import { loadFastTextPredictor } from "@/lib/fasttext/load-model";
import { trainSupervised } from "@/lib/fasttext/train";
import { accuracy } from "@/lib/metrics/classification";
import { rocAuc } from "@/lib/metrics/roc-auc";
import { compileSets, readLabelledLines, writeLabelledFiles } from "@/lib/classifiers/labelled-documents";
import { createModel, getModelByRun, markModelFailed, markModelReady, modelFilePath } from "@/lib/models/models";
import type { TRunType } from "@/lib/runs/types";

const ZLabel = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, "a label is 1–40 letters, digits, _ or -");

const ZSetSchema = z.object({ label: ZLabel, filters: z.array(ZFilterSchema).min(1, "define each set by at least one filter") });

export const ZTrainFastTextConfigSchema = z
  .object({
    corpusId: z.string().min(1),
    versionId: z.string().min(1).optional(),
    name: z.string().trim().min(1).max(200).optional(),
    /** DCLM's labels are hq (positive) and cc (negative). */
    positive: ZSetSchema,
    negative: ZSetSchema,
    heldOutFraction: ZHeldOutFractionSchema,
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
    /** Keep at most this many documents per set (the first by md5(id, seed)); null = all. */
    maxDocsPerSet: z.number().int().min(1).nullable().default(null),
    params: ZFastTextParamsSchema.default(ZFastTextParamsSchema.parse({})),
    /** Queue an annotation run that writes the new classifier's probability for every document. */
    applyToCorpus: z.boolean().default(false),
  })
  .refine((c) => c.positive.label !== c.negative.label, { message: "the positive and negative labels must differ", path: ["negative", "label"] });
export type TTrainFastTextConfig = z.infer<typeof ZTrainFastTextConfigSchema>;

const modelName = (c: TTrainFastTextConfig): string => c.name ?? `${c.positive.label} vs ${c.negative.label}`;

export type TClassifierSummary = {
  modelId: string;
  modelName: string;
  labels: { positive: string; negative: string };
  train: { docs: number; positive: number; negative: number };
  heldOut: { docs: number; positive: number; negative: number; rocAuc: number | null; accuracy: number | null };
  overlapExcluded: number;
  cappedOut: number;
  words: number;
  modelBytes: number;
  trainSeconds: number;
  params: z.infer<typeof ZFastTextParamsSchema>;
  annotateRunId?: string;
};

export const trainFastTextRunType: TRunType<TTrainFastTextConfig> = {
  type: "train_fasttext",
  configSchema: ZTrainFastTextConfigSchema,

  plan: (run, config) => {
    const version = getReadyVersionOrThrow(config.corpusId, config.versionId);
    // Unknown columns or bad values fail here, before anything is queued.
    compileSets(version, [config.positive, config.negative], []);
    createModel({ kind: "fasttext", name: modelName(config), runId: run.id, corpusVersionId: version.id, config, fileName: "model.bin" });
    return { tasks: [{ kind: "train", input: {}, maxAttempts: 2 }], corpusId: config.corpusId, inputVersionId: version.id };
  },

  execute: async (ctx, config) => {
    const model = getModelByRun(ctx.run.id);
    if (!model) throw new Error("The run's model row is missing");
    const version = getVersionOrThrow(ctx.run.inputVersionId!);
    const file = modelFilePath(model);
    const dir = path.dirname(file);
    fs.mkdirSync(dir, { recursive: true });
    const trainFile = path.join(dir, "train.txt");
    const heldOutFile = path.join(dir, "held-out.txt");
    const { positive, negative } = config;
    try {
      const counts = await writeLabelledFiles({
        version,
        sets: [positive, negative],
        heldOutFraction: config.heldOutFraction,
        seed: config.seed,
        maxPerSet: config.maxDocsPerSet,
        trainFile,
        heldOutFile,
        onBatch: () => ctx.heartbeat(),
      });
      const nTrain = counts.train[0] + counts.train[1];
      const nHeld = counts.heldOut[0] + counts.heldOut[1];
      ctx.setTotals({ items: nTrain + nHeld });
      ctx.log("info", "documents_selected", `${counts.train[0]} + ${counts.train[1]} training and ${counts.heldOut[0]} + ${counts.heldOut[1]} held-out documents (${positive.label} + ${negative.label})`, counts);
      if (counts.overlapExcluded > 0) ctx.log("warn", "overlap_excluded", `${counts.overlapExcluded} documents match both sets and were left out`);
      if (counts.train[0] === 0 || counts.train[1] === 0) {
        throw new AppError("UNPROCESSABLE", `Both sets need training documents: ${positive.label} has ${counts.train[0]}, ${negative.label} has ${counts.train[1]}`);
      }

      const trained = await trainSupervised({ trainFile, outFile: file, params: config.params, onProgress: () => ctx.heartbeat() });
      ctx.progress({ items: nTrain });
      ctx.log("info", "model_trained", `Trained in ${trained.seconds.toFixed(1)} s: ${trained.words} words, ${trained.inputRows} input rows × dim ${trained.dim}`);

      const predictor = loadFastTextPredictor(file);
      const pos = predictor.labels.indexOf(`__label__${positive.label}`);
      const scores: number[] = [];
      const isPos: boolean[] = [];
      const predicted: string[] = [];
      const actual: string[] = [];
      for await (const { label, text } of readLabelledLines(heldOutFile)) {
        const probs = predictor.predictProbs(text);
        const p = probs ? Math.min(1, probs[pos]) : 0;
        scores.push(p);
        isPos.push(label === positive.label);
        actual.push(label);
        predicted.push(probs && probs[pos] >= probs[1 - pos] ? positive.label : negative.label);
        if (scores.length % 1000 === 0) ctx.progress({ items: 1000 });
      }
      ctx.progress({ items: scores.length % 1000 });

      const summary: TClassifierSummary = {
        modelId: model.id,
        modelName: model.name,
        labels: { positive: positive.label, negative: negative.label },
        train: { docs: nTrain, positive: counts.train[0], negative: counts.train[1] },
        heldOut: { docs: nHeld, positive: counts.heldOut[0], negative: counts.heldOut[1], rocAuc: rocAuc(scores, isPos), accuracy: accuracy(predicted, actual) },
        overlapExcluded: counts.overlapExcluded,
        cappedOut: counts.cappedOut,
        words: trained.words,
        modelBytes: fs.statSync(file).size,
        trainSeconds: Math.round(trained.seconds * 10) / 10,
        params: config.params,
      };
      markModelReady(model.id, { train: summary.train, heldOut: summary.heldOut, overlapExcluded: summary.overlapExcluded }, { ...config, labels: [positive.label, negative.label] });
      ctx.log("info", "model_ready", `Held-out ROC AUC ${summary.heldOut.rocAuc?.toFixed(4) ?? "—"}, accuracy ${summary.heldOut.accuracy?.toFixed(4) ?? "—"} on ${nHeld} documents`);
      if (config.applyToCorpus) {
        // Imported here: create-run → registry → this module would be an import cycle.
        const { createRun } = await import("@/lib/runs/create-run");
        const annotate = createRun("annotate", {
          corpusId: config.corpusId,
          versionId: version.id,
          name: `fastText: ${model.name}`,
          annotators: [{ id: "fasttext", config: { model: model.id, positive_label: positive.label, key: classifierKey(model.name) } }],
        });
        summary.annotateRunId = annotate.id;
        ctx.log("info", "annotate_queued", `Annotation run ${annotate.id} writes fasttext.${classifierKey(model.name)}_prob for every document`);
      }
      getDb().update(runs).set({ summaryJson: JSON.stringify(summary) }).where(eq(runs.id, ctx.run.id)).run();
      return { modelId: model.id };
    } finally {
      fs.rmSync(trainFile, { force: true });
      fs.rmSync(heldOutFile, { force: true });
    }
  },

  onAbort: (run) => {
    const model = getModelByRun(run.id);
    if (model) markModelFailed(model.id);
  },
};
