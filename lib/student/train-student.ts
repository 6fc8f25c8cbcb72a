import fs from "node:fs";
import path from "node:path";
import type { DuckDBValue } from "@duckdb/node-api";
import type { TDocumentRelation } from "@/lib/corpora/document-relation";
import { streamRows } from "@/lib/duckdb/stream-rows";
import { AppError } from "@/lib/errors";
import { loadFastTextPredictor } from "@/lib/fasttext/load-model";
import { accuracy, macroF1 } from "@/lib/metrics/classification";
import { meanAbsoluteError, spearman } from "@/lib/metrics/correlation";
import { hashUnitSql } from "@/lib/models/held-out-split";
import { markModelReady, type TModelRow } from "@/lib/models/models";
import type { TTaskContext } from "@/lib/runs/types";
import { createFastTextStudentPredictor, trainFastTextLearner, writeFastTextTrainFile, type TFastTextTargetLabels } from "@/lib/student/fasttext-learner";
import { createLinearPredictor, trainLinear } from "@/lib/student/linear-learner";
import { saveLinearModel, saveManifest, type TLearner, type TStudentManifest } from "@/lib/student/student-model";
import { scoreClasses, type TStudentTarget } from "@/lib/student/targets";
import type { TTrainStudentConfig } from "@/lib/student/train-student-run";

export type TScoreMetrics = { spearman: number | null; mae: number | null };
export type TCategoryMetrics = { accuracy: number | null; macroF1: number | null };
export type TTargetReport = TStudentTarget & {
  heldOut: number;
  classes: number;
  fasttext?: TScoreMetrics | TCategoryMetrics;
  linear?: TScoreMetrics | TCategoryMetrics;
  chosen: TLearner;
};
export type TStudentSummary = {
  modelId: string;
  modelName: string;
  sourceAttributeSetId: string;
  ratedDocs: number;
  trainDocs: number;
  heldOutDocs: number;
  maxChars: number;
  learners: Partial<Record<TLearner, { trainSeconds: number; predictDocsPerSecond: number; bytes: number }>>;
  targets: TTargetReport[];
};

type TSample = { texts: string[]; heldOut: boolean[]; values: (number | string)[][] };

const MIN_TRAIN = 10;
const MIN_HELD_OUT = 2;

/** The rated sample: documents where every target is set, in md5(id, seed) order, text cut to maxChars. */
const loadSample = async (rel: TDocumentRelation, targets: TStudentTarget[], config: TTrainStudentConfig, onBatch: () => void): Promise<TSample> => {
  const params: DuckDBValue[] = [String(config.seed)];
  const u = hashUnitSql("d.id", "$1");
  let text = "d.text";
  if (config.maxChars > 0) {
    params.push(config.maxChars);
    text = `left(d.text, $${params.length})`;
  }
  const exprs = targets.map((t) => rel.byName.get(t.column)!.expr);
  const sql = `SELECT ${text} AS text, ${u} AS u, ${exprs.map((e, i) => `${e} AS t${i}`).join(", ")} FROM ${rel.from} WHERE ${exprs.map((e) => `${e} IS NOT NULL`).join(" AND ")} ORDER BY u, d.id`;
  const sample: TSample = { texts: [], heldOut: [], values: targets.map(() => []) };
  for await (const rows of streamRows(sql, params)) {
    for (const r of rows) {
      const t = String(r[0] ?? "");
      sample.texts.push(config.maxChars > 0 && t.length > config.maxChars ? t.slice(0, config.maxChars) : t);
      sample.heldOut.push(Number(r[1]) < config.heldOutFraction);
      targets.forEach((tg, i) => sample.values[i].push(tg.kind === "score" ? Number(r[2 + i]) : String(r[2 + i])));
    }
    onBatch();
  }
  return sample;
};

const scoreMetrics = (pred: number[], actual: number[]): TScoreMetrics => ({ spearman: spearman(pred, actual), mae: meanAbsoluteError(pred, actual) });

/** Whether learner a beats b: higher Spearman (ties: lower MAE); for categories higher macro-F1 (ties: accuracy). */
export const better = (kind: TStudentTarget["kind"], a: TScoreMetrics | TCategoryMetrics | undefined, b: TScoreMetrics | TCategoryMetrics | undefined): boolean => {
  if (!b) return true;
  if (!a) return false;
  const v = (x: number | null, worst: number) => x ?? worst;
  if (kind === "score") {
    const [sa, sb] = [a as TScoreMetrics, b as TScoreMetrics];
    if (v(sa.spearman, -2) !== v(sb.spearman, -2)) return v(sa.spearman, -2) > v(sb.spearman, -2);
    return v(sa.mae, Infinity) <= v(sb.mae, Infinity);
  }
  const [ca, cb] = [a as TCategoryMetrics, b as TCategoryMetrics];
  if (v(ca.macroF1, -1) !== v(cb.macroF1, -1)) return v(ca.macroF1, -1) > v(cb.macroF1, -1);
  return v(ca.accuracy, -1) >= v(cb.accuracy, -1);
};

/**
 * Trains both learners on the training split of the rated sample, measures each on the held-out
 * split, keeps the better per target, and writes the student (manifest + learner files) to `dir`.
 */
export const trainStudent = async (opts: { ctx: TTaskContext; config: TTrainStudentConfig; targets: TStudentTarget[]; rel: TDocumentRelation; model: TModelRow; dir: string }): Promise<TStudentSummary> => {
  const { ctx, config, targets, dir, model } = opts;
  fs.mkdirSync(dir, { recursive: true });
  const sample = await loadSample(opts.rel, targets, config, () => ctx.heartbeat());
  const trainIdx: number[] = [];
  const heldIdx: number[] = [];
  sample.heldOut.forEach((h, i) => (h ? heldIdx : trainIdx).push(i));
  if (trainIdx.length < MIN_TRAIN || heldIdx.length < MIN_HELD_OUT) {
    throw new AppError(
      "UNPROCESSABLE",
      `The rated sample has ${sample.texts.length} documents with every target set (${trainIdx.length} training, ${heldIdx.length} held out); a student needs at least ${MIN_TRAIN} and ${MIN_HELD_OUT}`,
    );
  }
  ctx.log("info", "sample_loaded", `${sample.texts.length} rated documents: ${trainIdx.length} for training, ${heldIdx.length} held out`);
  const trainTexts = trainIdx.map((i) => sample.texts[i]);
  const heldTexts = heldIdx.map((i) => sample.texts[i]);

  // Encodings from the training split only.
  const catPos = targets.findIndex((t) => t.kind === "category");
  const catClasses = catPos >= 0 ? [...new Set(trainIdx.map((i) => String(sample.values[catPos][i])))].sort() : [];
  const ftLabels: TFastTextTargetLabels[] = [];
  const classOf: Int32Array[] = [];
  targets.forEach((t, ti) => {
    const vals = trainIdx.map((i) => sample.values[ti][i]);
    if (t.kind === "score") {
      const sc = scoreClasses(Float64Array.from(vals as number[]));
      ftLabels.push({ kind: "score", values: sc.values });
      classOf.push(Int32Array.from(vals as number[], (v) => sc.classOf(v)));
    } else {
      const pos = new Map(catClasses.map((c, k) => [c, k]));
      ftLabels.push({ kind: "category", classes: catClasses });
      classOf.push(Int32Array.from(vals as string[], (v) => pos.get(v)!));
    }
  });
  const scoreTargets = targets.map((t, i) => ({ t, i })).filter((x) => x.t.kind === "score");
  const heldActual = targets.map((_, ti) => heldIdx.map((i) => sample.values[ti][i]));

  const reports: TTargetReport[] = targets.map((t, ti) => ({ ...t, heldOut: heldIdx.length, classes: ftLabels[ti].kind === "score" ? (ftLabels[ti] as { values: number[] }).values.length : catClasses.length, chosen: "linear" }));
  const learners: TStudentSummary["learners"] = {};
  const manifest: TStudentManifest = { format: 1, maxChars: config.maxChars, targets: [], fasttext: null, linear: null };

  if (config.learners.fasttext) {
    const trainFile = path.join(dir, "fasttext-train.txt");
    const bin = path.join(dir, "fasttext.bin");
    try {
      writeFastTextTrainFile(trainFile, trainTexts, classOf, config.maxChars);
      const res = await trainFastTextLearner({ file: trainFile, outFile: bin, params: { ...config.fasttext, loss: "ova" }, onProgress: () => ctx.heartbeat() });
      const predict = createFastTextStudentPredictor(loadFastTextPredictor(bin), ftLabels, config.maxChars);
      const t0 = performance.now();
      const preds = heldTexts.map((text) => predict(text));
      const secs = (performance.now() - t0) / 1000;
      learners.fasttext = { trainSeconds: round(res.seconds), predictDocsPerSecond: Math.round(heldTexts.length / Math.max(secs, 1e-9)), bytes: fs.statSync(bin).size };
      let s = 0;
      targets.forEach((t, ti) => {
        if (t.kind === "score") {
          const k = s++;
          // A text without any feature gets no prediction; it is scored as the training mean.
          const mean = trainIdx.reduce((a, i) => a + (sample.values[ti][i] as number), 0) / trainIdx.length;
          reports[ti].fasttext = scoreMetrics(
            preds.map((p) => p.scores[k] ?? mean),
            heldActual[ti] as number[],
          );
        } else {
          const predicted = preds.map((p) => p.categories[0]?.label ?? "");
          reports[ti].fasttext = { accuracy: accuracy(predicted, heldActual[ti] as string[]), macroF1: macroF1(predicted, heldActual[ti] as string[]) };
        }
      });
      manifest.fasttext = { file: "fasttext.bin", labels: ftLabels };
      ctx.log("info", "fasttext_trained", `fastText learner trained in ${res.seconds.toFixed(1)} s (${res.words} words, ${res.labels.length} labels)`);
    } finally {
      fs.rmSync(trainFile, { force: true });
    }
  }

  let linearModel: ReturnType<typeof trainLinear> | null = null;
  if (config.learners.linear) {
    const t0 = performance.now();
    linearModel = trainLinear(
      {
        texts: trainTexts,
        scores: scoreTargets.map(({ i }) => Float64Array.from(trainIdx, (d) => sample.values[i][d] as number)),
        category: catPos >= 0 ? { classes: catClasses, labels: classOf[catPos] } : null,
      },
      config.linear,
      config.maxChars,
      () => ctx.heartbeat(),
    );
    const trainSeconds = (performance.now() - t0) / 1000;
    const predict = createLinearPredictor(linearModel);
    const t1 = performance.now();
    const preds = heldTexts.map((text) => predict(text));
    const secs = (performance.now() - t1) / 1000;
    learners.linear = { trainSeconds: round(trainSeconds), predictDocsPerSecond: Math.round(heldTexts.length / Math.max(secs, 1e-9)), bytes: 0 };
    let s = 0;
    targets.forEach((t, ti) => {
      if (t.kind === "score") {
        const k = s++;
        reports[ti].linear = scoreMetrics(
          preds.map((p) => p.scores[k]),
          heldActual[ti] as number[],
        );
      } else {
        const predicted = preds.map((p) => p.category?.label ?? "");
        reports[ti].linear = { accuracy: accuracy(predicted, heldActual[ti] as string[]), macroF1: macroF1(predicted, heldActual[ti] as string[]) };
      }
    });
    ctx.log("info", "linear_trained", `Hashed n-gram linear learner trained in ${trainSeconds.toFixed(1)} s (2^${config.linear.bits} features)`);
  }

  for (const r of reports) r.chosen = better(r.kind, r.fasttext, r.linear) ? "fasttext" : "linear";
  manifest.targets = reports.map((r) => ({ column: r.column, kind: r.kind, output: r.output, learner: r.chosen }));
  if (!reports.some((r) => r.chosen === "fasttext")) {
    manifest.fasttext = null;
    fs.rmSync(path.join(dir, "fasttext.bin"), { force: true });
  }
  if (linearModel && reports.some((r) => r.chosen === "linear")) {
    manifest.linear = saveLinearModel(dir, linearModel);
    learners.linear!.bytes = fs.statSync(path.join(dir, "linear.f32")).size;
  }
  saveManifest(dir, manifest);

  const summary: TStudentSummary = {
    modelId: model.id,
    modelName: model.name,
    sourceAttributeSetId: config.attributeSetId,
    ratedDocs: sample.texts.length,
    trainDocs: trainIdx.length,
    heldOutDocs: heldIdx.length,
    maxChars: config.maxChars,
    learners,
    targets: reports,
  };
  markModelReady(model.id, { ratedDocs: summary.ratedDocs, trainDocs: summary.trainDocs, heldOutDocs: summary.heldOutDocs, learners, targets: reports });
  for (const r of reports) ctx.log("info", "target_measured", `${r.column}: ${r.chosen} kept (fastText ${JSON.stringify(r.fasttext ?? null)}, linear ${JSON.stringify(r.linear ?? null)})`);
  return summary;
};

const round = (x: number) => Math.round(x * 100) / 100;
