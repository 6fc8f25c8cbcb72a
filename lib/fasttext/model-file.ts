import fs from "node:fs";
import { openBinaryReader, type TBinaryReader } from "@/lib/fasttext/binary-reader";
import { readDictionary, type TDictionary } from "@/lib/fasttext/dictionary";
import { readDenseMatrix, readQuantMatrix, type TMatrix } from "@/lib/fasttext/matrix";

export const FASTTEXT_MAGIC = 793712314;
export const FASTTEXT_VERSION = 12;

export const LOSS_NAMES = { 1: "hs", 2: "ns", 3: "softmax", 4: "ova" } as const;
export const MODEL_NAMES = { 1: "cbow", 2: "sg", 3: "sup" } as const;
export type TLossName = (typeof LOSS_NAMES)[keyof typeof LOSS_NAMES];
export type TModelName = (typeof MODEL_NAMES)[keyof typeof MODEL_NAMES];

/** The hyper-parameters a fastText model file records (Args::save). */
export type TFastTextArgs = {
  dim: number;
  ws: number;
  epoch: number;
  minCount: number;
  neg: number;
  wordNgrams: number;
  loss: TLossName;
  model: TModelName;
  bucket: number;
  minn: number;
  maxn: number;
  lrUpdateRate: number;
  t: number;
};

export type TFastTextModelFile = {
  version: number;
  args: TFastTextArgs;
  dict: TDictionary;
  input: TMatrix;
  output: TMatrix;
  quantized: boolean;
};

/** Args::load. */
export const readArgs = (r: TBinaryReader): TFastTextArgs => {
  const dim = r.int32();
  const ws = r.int32();
  const epoch = r.int32();
  const minCount = r.int32();
  const neg = r.int32();
  const wordNgrams = r.int32();
  const loss = LOSS_NAMES[r.int32() as keyof typeof LOSS_NAMES];
  const model = MODEL_NAMES[r.int32() as keyof typeof MODEL_NAMES];
  const bucket = r.int32();
  const minn = r.int32();
  const maxn = r.int32();
  const lrUpdateRate = r.int32();
  const t = r.float64();
  if (!loss || !model) throw new Error("Invalid fastText args (unknown loss or model kind)");
  return { dim, ws, epoch, minCount, neg, wordNgrams, loss, model, bucket, minn, maxn, lrUpdateRate, t };
};

/**
 * Reads a fastText `.bin` (dense) or `.ftz` (product-quantized) model file, as
 * FastText::loadModel does. Matrices are read in 1 GiB chunks, so model size is bounded by memory
 * only (the WebAssembly build cannot hold models over its 2 GiB heap; see docs/architecture.md).
 */
export const readFastTextModel = (file: string, opts: { chunkFloats?: number } = {}): TFastTextModelFile => {
  if (!fs.existsSync(file)) throw new Error(`No such fastText model file: ${file}`);
  const r = openBinaryReader(file);
  try {
    const magic = r.int32();
    const version = r.int32();
    if (magic !== FASTTEXT_MAGIC) throw new Error(`${file} is not a fastText model (bad magic number)`);
    if (version > FASTTEXT_VERSION) throw new Error(`${file} has fastText format version ${version}; this reader knows up to ${FASTTEXT_VERSION}`);
    const args = readArgs(r);
    // Models of format 11 stored maxn for supervised models although they used no subwords.
    if (version === 11 && args.model === "sup") args.maxn = 0;
    const dict = readDictionary(r);
    const quantInput = r.bool();
    const input = quantInput ? readQuantMatrix(r) : readDenseMatrix(r, opts.chunkFloats);
    const quantOutput = r.bool();
    const output = quantInput && quantOutput ? readQuantMatrix(r) : readDenseMatrix(r);
    if (input.cols !== args.dim || output.cols !== args.dim) throw new Error(`${file}: matrix width does not match dim ${args.dim}`);
    return { version, args, dict, input, output, quantized: quantInput };
  } finally {
    r.close();
  }
};
