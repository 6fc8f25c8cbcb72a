/**
 * Student throughput: both learners trained (studio defaults) on a rated sample of the generated
 * real-text corpus, with DataMan's shape of targets (14 scores 1–5 + a domain) given by a fixture
 * rater (word-feature functions plus noise), then student inference over every document, one core.
 */
import fs from "node:fs";
import path from "node:path";
import { loadBenchDocs, measure, peakRssNowMb, round, type TBenchDoc } from "@/bench/model-bench-docs";
import { ZFastTextParamsSchema } from "@/lib/fasttext/hyper-params";
import { loadFastTextPredictor } from "@/lib/fasttext/load-model";
import { accuracy, macroF1 } from "@/lib/metrics/classification";
import { meanAbsoluteError, spearman } from "@/lib/metrics/correlation";
import { createFastTextStudentPredictor, trainFastTextLearner, writeFastTextTrainFile, type TFastTextTargetLabels } from "@/lib/student/fasttext-learner";
import { createLinearPredictor, trainLinear, ZLinearParamsSchema } from "@/lib/student/linear-learner";
import { mulberry32 } from "@/lib/student/prng";
import { createStudentPredictor, saveLinearModel, type TStudentManifest } from "@/lib/student/student-model";
import { scoreClasses } from "@/lib/student/targets";
import { better } from "@/lib/student/train-student";

const N_SCORES = 14;
const LEXICON = ["the", "of", "and", "which", "that", "was", "would", "however", "because", "free", "click", "money", "offer", "http", "remove", "order", "email", "said", "upon", "its"];

/** 14 ratings 1–5 (each a different weighting of word frequencies, plus noise) and a domain (the genre, 10% noise). */
const fixtureRatings = (docs: TBenchDoc[], seed: number) => {
  const rnd = mulberry32(seed);
  const weights = Array.from({ length: N_SCORES }, () => LEXICON.map(() => rnd() * 2 - 1));
  const genres = [...new Set(docs.map((d) => d.genre))].sort();
  const raw = docs.map((d) => {
    const words = d.text.toLowerCase().match(/[a-z]+/g) ?? [];
    const freq = LEXICON.map((w) => words.filter((x) => x === w).length / Math.max(1, words.length));
    return weights.map((ws) => 50 * ws.reduce((a, w, k) => a + w * freq[k], 0) + (rnd() - 0.5));
  });
  const scores = Array.from({ length: N_SCORES }, (_, t) => {
    const s = raw.map((r) => r[t]).sort((a, b) => a - b);
    const cut = [1, 2, 3, 4].map((k) => s[Math.floor((k * s.length) / 5)]);
    return Float64Array.from(raw, (r) => 1 + cut.filter((c) => r[t] >= c).length);
  });
  const domain = docs.map((d) => (rnd() < 0.1 ? genres[Math.floor(rnd() * genres.length)] : d.genre));
  return { scores, domain, genres };
};

export const benchStudent = async (outDir: string, nDocs: number, rated: number) => {
  const docs = loadBenchDocs(outDir, nDocs);
  const sample = docs.slice(0, rated);
  const { scores, domain } = fixtureRatings(sample, 7);
  const nTrain = Math.floor(rated * 0.8);
  const train = sample.slice(0, nTrain);
  const held = sample.slice(nTrain);
  const classes = [...new Set(domain.slice(0, nTrain))].sort();
  const maxChars = 8000;
  const dir = path.join(outDir, "student-bench");
  fs.mkdirSync(dir, { recursive: true });

  // fastText learner: one one-vs-all model over all 15 targets (studio defaults: lr 0.5, 25 epochs, 2^20 buckets, dim 100).
  const labels: TFastTextTargetLabels[] = [];
  const classOf: Int32Array[] = [];
  for (const s of scores) {
    const sc = scoreClasses(s.subarray(0, nTrain));
    labels.push({ kind: "score", values: sc.values });
    classOf.push(Int32Array.from(s.subarray(0, nTrain), (v) => sc.classOf(v)));
  }
  labels.push({ kind: "category", classes });
  classOf.push(Int32Array.from(domain.slice(0, nTrain), (v) => classes.indexOf(v)));
  const trainFile = path.join(dir, "train.txt");
  writeFastTextTrainFile(trainFile, train.map((d) => d.text), classOf, maxChars);
  const ftParams = { ...ZFastTextParamsSchema.parse({ lr: 0.5, epoch: 25, bucket: 1 << 20 }), loss: "ova" as const };
  const ftRes = await trainFastTextLearner({ file: trainFile, outFile: path.join(dir, "fasttext.bin"), params: ftParams, onProgress: () => {} });
  fs.rmSync(trainFile);
  console.log("student: fastText learner trained", { seconds: ftRes.seconds, words: ftRes.words, labels: ftRes.labels.length });

  const t0 = performance.now();
  const linear = trainLinear(
    { texts: train.map((d) => d.text), scores: scores.map((s) => s.slice(0, nTrain)), category: { classes, labels: classOf[N_SCORES] } },
    ZLinearParamsSchema.parse({}),
    maxChars,
  );
  const linearSeconds = (performance.now() - t0) / 1000;
  console.log("student: linear learner trained", { seconds: linearSeconds });

  // Held-out quality of both (so the figures below are for models that learnt something).
  const ft = createFastTextStudentPredictor(loadFastTextPredictor(path.join(dir, "fasttext.bin")), labels, maxChars);
  const lin = createLinearPredictor(linear);
  const ftHeld = held.map((d) => ft(d.text));
  const linHeld = held.map((d) => lin(d.text));
  const heldScores = scores.map((s) => Array.from(s.subarray(nTrain)));
  const heldDomain = domain.slice(nTrain);
  const quality = {
    scores: heldScores.map((actual, t) => ({
      fasttext: { spearman: spearman(ftHeld.map((p) => p.scores[t] ?? 3), actual), mae: meanAbsoluteError(ftHeld.map((p) => p.scores[t] ?? 3), actual) },
      linear: { spearman: spearman(linHeld.map((p) => p.scores[t]), actual), mae: meanAbsoluteError(linHeld.map((p) => p.scores[t]), actual) },
    })),
    domain: {
      fasttext: { accuracy: accuracy(ftHeld.map((p) => p.categories[0]?.label ?? ""), heldDomain), macroF1: macroF1(ftHeld.map((p) => p.categories[0]?.label ?? ""), heldDomain) },
      linear: { accuracy: accuracy(linHeld.map((p) => p.category?.label ?? ""), heldDomain), macroF1: macroF1(linHeld.map((p) => p.category?.label ?? ""), heldDomain) },
    },
  };
  const chosen = [...quality.scores.map((q) => (better("score", q.fasttext, q.linear) ? "fasttext" : "linear")), better("category", quality.domain.fasttext, quality.domain.linear) ? "fasttext" : "linear"] as ("fasttext" | "linear")[];
  const meanRho = (l: "fasttext" | "linear") => round(quality.scores.reduce((a, q) => a + (q[l].spearman ?? 0), 0) / N_SCORES);
  console.log("student: held-out mean Spearman", { fasttext: meanRho("fasttext"), linear: meanRho("linear"), domain: quality.domain, chosen });

  const manifest: TStudentManifest = {
    format: 1,
    maxChars,
    targets: [
      ...scores.map((_, t) => ({ column: `fixture.score_${t}`, kind: "score" as const, output: `student.score_${t}`, learner: chosen[t] })),
      { column: "fixture.domain", kind: "category" as const, output: "student.domain", learner: chosen[N_SCORES] },
    ],
    fasttext: { file: "fasttext.bin", labels },
    linear: saveLinearModel(dir, linear),
  };
  const kept = createStudentPredictor(dir, manifest);
  const inference = {
    fasttextLearner: measure(docs, (b) => b.forEach((d) => ft(d.text))),
    linearLearner: measure(docs, (b) => b.forEach((d) => lin(d.text))),
    studentAsKept: measure(docs, (b) => b.forEach((d) => kept(d.text))),
  };
  console.log("student: inference, one core", inference);
  return {
    ratedDocs: rated,
    trainDocs: nTrain,
    heldOutDocs: held.length,
    targets: N_SCORES + 1,
    training: { fasttextSeconds: round(ftRes.seconds), fasttextModelBytes: fs.statSync(path.join(dir, "fasttext.bin")).size, linearSeconds: round(linearSeconds), linearBytes: fs.statSync(path.join(dir, "linear.f32")).size },
    heldOut: { meanSpearman: { fasttext: meanRho("fasttext"), linear: meanRho("linear") }, domain: quality.domain, kept: { fasttext: chosen.filter((c) => c === "fasttext").length, linear: chosen.filter((c) => c === "linear").length } },
    inferenceOneCore: inference,
    peakRssMb: peakRssNowMb(),
  };
};
