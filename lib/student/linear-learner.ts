import { z } from "zod";
import { createFeatureExtractor, type TSparseVector } from "@/lib/student/hashed-features";
import { mulberry32, shuffledIndices } from "@/lib/student/prng";

export const ZLinearParamsSchema = z.object({
  /** 2^bits hashed unigram + bigram features. */
  bits: z.number().int().min(12).max(24).default(20),
  epochs: z.number().int().min(1).max(100).default(5),
  /** AdaGrad step size. */
  learningRate: z.number().positive().max(10).default(0.5),
  /** L2 penalty (ridge), applied lazily to the weights a document touches. */
  l2: z.number().min(0).max(1).default(1e-6),
  seed: z.number().int().min(0).default(0),
});
export type TLinearParams = z.infer<typeof ZLinearParamsSchema>;

/** A score target: the model predicts its z-score; predictions are clipped to the training range. */
export type TLinearScore = { mean: number; std: number; min: number; max: number };

/**
 * Every target in one model: per feature, K = scores + classes weights side by side
 * (`weights[feature * K + k]`), so scoring a document touches one cache line or two per feature
 * instead of one per target.
 */
export type TLinearModel = { bits: number; maxChars: number; scores: TLinearScore[]; classes: string[] | null; weights: Float32Array; bias: Float32Array };

export type TTrainingSet = {
  texts: string[];
  /** scores[t][doc]. */
  scores: Float64Array[];
  /** Class index per document, or null without a category target. */
  category: { classes: string[]; labels: Int32Array } | null;
};

const EPS = 1e-8;
const FEATURE_CACHE_ENTRIES = 20_000_000;

const stats = (ys: Float64Array): TLinearScore => {
  let mean = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const y of ys) {
    mean += y;
    min = Math.min(min, y);
    max = Math.max(max, y);
  }
  mean /= Math.max(1, ys.length);
  let v = 0;
  for (const y of ys) v += (y - mean) ** 2;
  return { mean, std: Math.sqrt(v / Math.max(1, ys.length)) || 1, min, max };
};

/**
 * Trains ridge regressions (one per score target, on standardised values) and a multinomial
 * logistic regression (the category target) on hashed n-gram features, with AdaGrad SGD over a
 * seeded shuffle per epoch: the same data and seed give the same weights. Features are extracted
 * once and cached when they fit. `onStep` is called every 256 documents (heartbeats).
 */
export const trainLinear = (data: TTrainingSet, params: TLinearParams, maxChars: number, onStep?: () => void): TLinearModel => {
  const dims = 1 << params.bits;
  const extract = createFeatureExtractor(params.bits, maxChars);
  const n = data.texts.length;
  const S = data.scores.length;
  const C = data.category ? data.category.classes.length : 0;
  const K = S + C;
  const scores = data.scores.map(stats);
  const ys = data.scores.map((y, t) => Float64Array.from(y, (v) => (v - scores[t].mean) / scores[t].std));
  const W = new Float32Array(dims * K);
  const G = new Float32Array(dims * K);
  const bias = new Float32Array(K);
  const gBias = new Float32Array(K);
  const out = new Float64Array(K);

  let cache: { idx: Int32Array; val: Float32Array }[] | null = [];
  let cached = 0;
  const featuresOf = (d: number): TSparseVector => {
    if (cache && cache[d]) return { idx: cache[d].idx, val: cache[d].val, n: cache[d].idx.length };
    const f = extract(data.texts[d]);
    if (cache) {
      if (cached + f.n <= FEATURE_CACHE_ENTRIES) {
        cache[d] = { idx: f.idx.slice(0, f.n), val: f.val.slice(0, f.n) };
        cached += f.n;
      } else cache = null;
    }
    return f;
  };

  const { learningRate: eta, l2 } = params;
  const rnd = mulberry32(params.seed + 1);
  for (let epoch = 0; epoch < params.epochs; epoch++) {
    let step = 0;
    for (const d of shuffledIndices(n, rnd)) {
      if (++step % 256 === 0) onStep?.();
      const { idx, val, n: nnz } = featuresOf(d);
      forward(W, bias, K, idx, val, nnz, out);
      // Errors: prediction − target for scores; softmax − one-hot for the classes.
      for (let t = 0; t < S; t++) out[t] -= ys[t][d];
      if (C > 0) {
        softmaxInPlace(out, S, K);
        out[S + data.category!.labels[d]] -= 1;
      }
      for (let k = 0; k < nnz; k++) {
        const base = idx[k] * K;
        const x = val[k];
        for (let j = 0; j < K; j++) {
          const w = base + j;
          const grad = out[j] * x + l2 * W[w];
          G[w] += grad * grad;
          W[w] -= (eta * grad) / (Math.sqrt(G[w]) + EPS);
        }
      }
      for (let j = 0; j < K; j++) {
        gBias[j] += out[j] * out[j];
        bias[j] -= (eta * out[j]) / (Math.sqrt(gBias[j]) + EPS);
      }
    }
    onStep?.();
  }
  return { bits: params.bits, maxChars, scores, classes: data.category ? data.category.classes : null, weights: W, bias };
};

/** out[j] = bias[j] + Σ_k weights[idx[k]·K + j] · val[k]. */
const forward = (W: Float32Array, bias: Float32Array, K: number, idx: Int32Array, val: Float32Array, nnz: number, out: Float64Array) => {
  for (let j = 0; j < K; j++) out[j] = bias[j];
  for (let k = 0; k < nnz; k++) {
    const base = idx[k] * K;
    const x = val[k];
    for (let j = 0; j < K; j++) out[j] += W[base + j] * x;
  }
};

const softmaxInPlace = (z: Float64Array, from: number, to: number) => {
  let max = -Infinity;
  for (let j = from; j < to; j++) if (z[j] > max) max = z[j];
  let sum = 0;
  for (let j = from; j < to; j++) sum += z[j] = Math.exp(z[j] - max);
  for (let j = from; j < to; j++) z[j] /= sum;
};

export type TLinearPrediction = { scores: number[]; category: { label: string; prob: number } | null };

/** A predictor over a trained (or loaded) linear model; reuses its buffers between calls. */
export const createLinearPredictor = (m: TLinearModel): ((text: string) => TLinearPrediction) => {
  const extract = createFeatureExtractor(m.bits, m.maxChars);
  const S = m.scores.length;
  const K = S + (m.classes ? m.classes.length : 0);
  const out = new Float64Array(K);
  return (text) => {
    const { idx, val, n } = extract(text);
    forward(m.weights, m.bias, K, idx, val, n, out);
    const scores = m.scores.map((s, t) => Math.min(s.max, Math.max(s.min, s.mean + s.std * out[t])));
    let category: TLinearPrediction["category"] = null;
    if (m.classes) {
      softmaxInPlace(out, S, K);
      let best = S;
      for (let j = S + 1; j < K; j++) if (out[j] > out[best]) best = j;
      category = { label: m.classes[best - S], prob: out[best] };
    }
    return { scores, category };
  };
};
