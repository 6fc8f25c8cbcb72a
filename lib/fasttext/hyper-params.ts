import { z } from "zod";

/**
 * fastText supervised hyper-parameters. Defaults are DCLM's `train_fasttext_classifier.py`
 * (fasttext.train_supervised with lr 0.1, dim 100, ws 5, epoch 5, minCount 1) with wordNgrams 2 as
 * for the OH-2.5+ELI5 classifier; the rest are fastText's own supervised defaults.
 */
export const ZFastTextParamsSchema = z.object({
  lr: z.number().positive().max(10).default(0.1),
  dim: z.number().int().min(1).max(1024).default(100),
  ws: z.number().int().min(1).max(100).default(5),
  epoch: z.number().int().min(1).max(1000).default(5),
  minCount: z.number().int().min(1).default(1),
  minCountLabel: z.number().int().min(0).default(0),
  neg: z.number().int().min(1).max(100).default(5),
  wordNgrams: z.number().int().min(1).max(10).default(2),
  loss: z.enum(["softmax", "ova", "hs", "ns"]).default("softmax"),
  /** Hash buckets for word n-grams (and subwords); unused, and set to 0, with wordNgrams 1 and maxn 0. */
  bucket: z.number().int().min(0).max(100_000_000).default(2_000_000),
  minn: z.number().int().min(0).max(20).default(0),
  maxn: z.number().int().min(0).max(20).default(0),
  lrUpdateRate: z.number().int().min(1).default(100),
  t: z.number().positive().max(1).default(1e-4),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
});
export type TFastTextParams = z.infer<typeof ZFastTextParamsSchema>;

/** Share of the labelled documents held out (by md5(id, seed)) to measure a trained model. */
export const ZHeldOutFractionSchema = z.number().gt(0).lt(1).default(0.2);

/** As fastText's CLI and Python wrapper do: no n-gram buckets when no feature is hashed. */
export const effectiveBucket = (p: TFastTextParams): number => (p.wordNgrams <= 1 && p.maxn === 0 ? 0 : p.bucket);
