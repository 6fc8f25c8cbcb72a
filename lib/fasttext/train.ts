import fs from "node:fs";
import { AppError } from "@/lib/errors";
import { effectiveBucket, type TFastTextParams } from "@/lib/fasttext/hyper-params";
import { writeFastTextModel } from "@/lib/fasttext/write-model";

/** What the WebAssembly build exposes (fasttext.wasm.js dist/core/fastText.d.ts, embind). */
type TVector<T> = { size: () => number; get: (i: number) => T; delete?: () => void };
type TWasmFastText = {
  train: (args: unknown, callback: (progress: number, loss: number, wst: number, lr: number, eta: number) => void) => void;
  getWords: () => [TVector<string>, TVector<number>];
  getLabels: () => [TVector<string>, TVector<number>];
  getInputVector: (out: { ptr: number; size: number }, row: number) => void;
  getOutputMatrix: () => { rows: () => number; cols: () => number; at: (i: number, j: number) => number };
  predict: (text: string, k: number, threshold: number) => TVector<[number, string]>;
  args: { bucket: number; dim: number };
  delete: () => void;
};
type TWasmModule = {
  FS: { writeFile: (p: string, data: Uint8Array) => void; unlink: (p: string) => void };
  FastText: new () => TWasmFastText;
  Args: new () => Record<string, unknown>;
  ModelName: Record<string, unknown>;
  LossName: Record<string, unknown>;
  HEAPF32: Float32Array;
  _malloc: (n: number) => number;
  _free: (p: number) => void;
};

/** The heap the fasttext.wasm.js build can grow to (its getHeapMax): training text and model share it. */
export const WASM_HEAP_BYTES = 2 ** 31;

export type TTrainResult = { words: number; labels: { label: string; count: number }[]; inputRows: number; dim: number; seconds: number };

const TRAIN_FILE = "/train.txt";

/**
 * Trains a supervised fastText model with the WebAssembly build (one thread, so deterministic for a
 * seed) and writes it to `outFile` in fastText's `.bin` format. The model is copied row by row out
 * of the wasm heap (saveModel would build the whole file inside the 2 GiB heap and abort for
 * default-sized models). `onProgress(progress 0..1, loss)` is called from the training loop (the
 * event loop is blocked meanwhile); it may throw to abort training.
 */
export const trainSupervised = async (opts: {
  trainFile: string;
  outFile: string;
  params: TFastTextParams;
  onProgress?: (progress: number, loss: number) => void;
}): Promise<TTrainResult> => {
  const p = opts.params;
  const bucket = effectiveBucket(p);
  const textBytes = fs.statSync(opts.trainFile).size;
  const matrixBytes = bucket * p.dim * 4;
  if (textBytes + matrixBytes > WASM_HEAP_BYTES * 0.9) {
    throw new AppError(
      "UNPROCESSABLE",
      `fastText training needs about ${Math.round((textBytes + matrixBytes) / 2 ** 20)} MiB (training text ${Math.round(textBytes / 2 ** 20)} MiB + ${bucket} buckets × dim ${p.dim}), more than the 2 GiB the WebAssembly build can use. Lower bucket or dim, or train on fewer documents.`,
    );
  }
  const started = performance.now();
  const { getFastTextModule } = await import("fasttext.wasm.js");
  const mod = (await getFastTextModule()) as unknown as TWasmModule;
  const ft = new mod.FastText();
  try {
    mod.FS.writeFile(TRAIN_FILE, fs.readFileSync(opts.trainFile));
    const args = new mod.Args();
    Object.assign(args, {
      input: TRAIN_FILE,
      output: "/model",
      lr: p.lr,
      dim: p.dim,
      ws: p.ws,
      epoch: p.epoch,
      minCount: p.minCount,
      minCountLabel: p.minCountLabel,
      neg: p.neg,
      wordNgrams: p.wordNgrams,
      bucket,
      minn: p.minn,
      maxn: p.maxn,
      lrUpdateRate: p.lrUpdateRate,
      t: p.t,
      seed: p.seed,
      thread: 1,
      verbose: 0,
      label: "__label__",
    });
    args.model = mod.ModelName.supervised;
    args.loss = mod.LossName[p.loss];
    try {
      ft.train(args, (progress, loss) => opts.onProgress?.(progress, loss));
    } catch (e) {
      if (e instanceof Error && /Aborted|memory/i.test(e.message)) {
        throw new AppError("UNPROCESSABLE", `fastText training ran out of the WebAssembly build's 2 GiB memory (${e.message}). Lower bucket or dim, or train on fewer documents.`);
      }
      if (typeof e === "number") throw new AppError("UNPROCESSABLE", "fastText training failed (is every line a `__label__… text` example?)");
      throw e;
    }
    mod.FS.unlink(TRAIN_FILE);
    return { ...exportModel(mod, ft, p, opts.outFile), seconds: (performance.now() - started) / 1000 };
  } finally {
    try {
      ft.delete();
    } catch {
      // a training aborted from the callback leaves the instance unusable; it is dropped with the module
    }
  }
};

const pairs = (v: [TVector<string>, TVector<number>]): { name: string; count: number }[] => {
  const [names, counts] = v;
  const out = Array.from({ length: names.size() }, (_, i) => ({ name: names.get(i), count: counts.get(i) }));
  names.delete?.();
  counts.delete?.();
  return out;
};

const exportModel = (mod: TWasmModule, ft: TWasmFastText, p: TFastTextParams, outFile: string) => {
  const words = pairs(ft.getWords());
  const labels = pairs(ft.getLabels());
  if (labels.length === 0) throw new AppError("UNPROCESSABLE", "fastText found no labels in the training data");
  const bucket = effectiveBucket(p);
  const dim = p.dim;
  const inputRows = words.length + bucket;
  const out = ft.getOutputMatrix();
  const output = new Float32Array(labels.length * dim);
  for (let i = 0; i < labels.length; i++) for (let j = 0; j < dim; j++) output[i * dim + j] = out.at(i, j);
  const ptr = mod._malloc(dim * 4);
  try {
    writeFastTextModel(outFile, {
      args: { ...p, bucket, loss: p.loss, model: "sup" },
      words,
      labels,
      inputRows,
      readInputRow: (row, target) => {
        ft.getInputVector({ ptr, size: dim }, row);
        target.set(mod.HEAPF32.subarray(ptr >> 2, (ptr >> 2) + dim));
      },
      output,
    });
  } finally {
    mod._free(ptr);
  }
  return { words: words.length, labels: labels.map((l) => ({ label: l.name, count: l.count })), inputRows, dim };
};
