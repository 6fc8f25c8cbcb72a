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

/** A score target for the linear learner: standardised values (the model predicts z-scores). */
export type TLinearScore = { mean: number; std: number; min: number; max: number; weights: Float32Array; bias: number };
export type TLinearCategory = { classes: string[]; weights: Float32Array; bias: Float32Array };
export type TLinearModel = { bits: number; maxChars: number; scores: TLinearScore[]; category: TLinearCategory | null };

export type TTrainingSet = {
  texts: string[];
  /** scores[t][doc]. */
  scores: Float64Array[];
  /** Class index per document, or null without a category target. */
  category: { classes: string[]; labels: Int32Array } | null;
};

const EPS = 1e-8;
const FEATURE_CACHE_ENTRIES = 20_000_000;

/**
 * Trains ridge regressions (one per score target) and a multinomial logistic regression (the
 * category target) on hashed n-gram features, with AdaGrad SGD over a seeded shuffle per epoch: the
 * same data and seed give the same weights. Features are extracted once and cached when they fit.
 */
export const trainLinear = (data: TTrainingSet, params: TLinearParams, maxChars: number, onStep?: () => void): TLinearModel => {
  const dims = 1 << params.bits;
  const extract = createFeatureExtractor(params.bits, maxChars);
  const n = data.texts.length;
  const scores: (TLinearScore & { g: Float32Array; gb: number; y: Float64Array })[] = data.scores.map((ys) => {
    let mean = 0;
    for (const y of ys) mean += y;
    mean /= Math.max(1, ys.length);
    let v = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const y of ys) {
      v += (y - mean) ** 2;
      min = Math.min(min, y);
      max = Math.max(max, y);
    }
    const std = Math.sqrt(v / Math.max(1, ys.length)) || 1;
    return { mean, std, min, max, weights: new Float32Array(dims), bias: 0, g: new Float32Array(dims), gb: 0, y: ys.map((y) => (y - mean) / std) };
  });
  const cat = data.category;
  const C = cat ? cat.classes.length : 0;
  const W = cat ? new Float32Array(dims * C) : new Float32Array(0);
  const GW = cat ? new Float32Array(dims * C) : new Float32Array(0);
  const bias = new Float32Array(C);
  const gBias = new Float32Array(C);
  const logits = new Float64Array(C);

  // Cache each document's features as (idx, val) pairs when the whole set fits.
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
      for (const s of scores) {
        const w = s.weights;
        let pred = s.bias;
        for (let k = 0; k < nnz; k++) pred += w[idx[k]] * val[k];
        const err = pred - s.y[d];
        for (let k = 0; k < nnz; k++) {
          const i = idx[k];
          const grad = err * val[k] + l2 * w[i];
          s.g[i] += grad * grad;
          w[i] -= (eta * grad) / (Math.sqrt(s.g[i]) + EPS);
        }
        s.gb += err * err;
        s.bias -= (eta * err) / (Math.sqrt(s.gb) + EPS);
      }
      if (cat) {
        const y = cat.labels[d];
        let max = -Infinity;
        for (let c = 0; c < C; c++) {
          let z = bias[c];
          for (let k = 0; k < nnz; k++) z += W[idx[k] * C + c] * val[k];
          logits[c] = z;
          if (z > max) max = z;
        }
        let sum = 0;
        for (let c = 0; c < C; c++) sum += logits[c] = Math.exp(logits[c] - max);
        for (let c = 0; c < C; c++) {
          const err = logits[c] / sum - (c === y ? 1 : 0);
          for (let k = 0; k < nnz; k++) {
            const j = idx[k] * C + c;
            const grad = err * val[k] + l2 * W[j];
            GW[j] += grad * grad;
            W[j] -= (eta * grad) / (Math.sqrt(GW[j]) + EPS);
          }
          gBias[c] += err * err;
          bias[c] -= (eta * err) / (Math.sqrt(gBias[c]) + EPS);
        }
      }
    }
    onStep?.();
  }
  return {
    bits: params.bits,
    maxChars,
    scores: scores.map(({ mean, std, min, max, weights, bias: b }) => ({ mean, std, min, max, weights, bias: b })),
    category: cat ? { classes: cat.classes, weights: W, bias } : null,
  };
};

export type TLinearPrediction = { scores: number[]; category: { label: string; prob: number } | null };

/** A predictor over a trained (or loaded) linear model; reuses its buffers between calls. */
export const createLinearPredictor = (m: TLinearModel): ((text: string) => TLinearPrediction) => {
  const extract = createFeatureExtractor(m.bits, m.maxChars);
  const C = m.category ? m.category.classes.length : 0;
  const logits = new Float64Array(C);
  return (text) => {
    const { idx, val, n } = extract(text);
    const scores = m.scores.map((s) => {
      let z = s.bias;
      for (let k = 0; k < n; k++) z += s.weights[idx[k]] * val[k];
      return Math.min(s.max, Math.max(s.min, s.mean + s.std * z));
    });
    let category: TLinearPrediction["category"] = null;
    if (m.category) {
      const { weights: W, bias, classes } = m.category;
      let max = -Infinity;
      for (let c = 0; c < C; c++) {
        let z = bias[c];
        for (let k = 0; k < n; k++) z += W[idx[k] * C + c] * val[k];
        logits[c] = z;
        if (z > max) max = z;
      }
      let sum = 0;
      let best = 0;
      for (let c = 0; c < C; c++) {
        sum += logits[c] = Math.exp(logits[c] - max);
        if (logits[c] > logits[best]) best = c;
      }
      category = { label: classes[best], prob: logits[best] / sum };
    }
    return { scores, category };
  };
};
