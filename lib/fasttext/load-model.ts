import fs from "node:fs";
import { openBinaryReader } from "@/lib/fasttext/binary-reader";
import { FASTTEXT_MAGIC, FASTTEXT_VERSION, readArgs, readFastTextModel, type TFastTextArgs } from "@/lib/fasttext/model-file";
import { createPredictor, type TFastTextPredictor } from "@/lib/fasttext/predict";

const MAX_CACHED = 3;
const globalForFastText = globalThis as unknown as { __winnowFastText?: Map<string, TFastTextPredictor> };

const cacheKey = (file: string): string => {
  const st = fs.statSync(file);
  return `${fs.realpathSync(file)}|${st.size}|${st.mtimeMs}`;
};

/**
 * The predictor for a fastText model file, loaded once per process (and again only if the file
 * changes). At most a few models stay loaded; the least recently used is dropped first.
 */
export const loadFastTextPredictor = (file: string): TFastTextPredictor => {
  const cache = (globalForFastText.__winnowFastText ??= new Map());
  const key = cacheKey(file);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const predictor = createPredictor(readFastTextModel(file));
  cache.set(key, predictor);
  while (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  return predictor;
};

export type TFastTextHeader = { version: number; args: TFastTextArgs; labels: { label: string; count: number }[]; words: number };

const headerCache = new Map<string, TFastTextHeader>();
const decoder = new TextDecoder();

/**
 * The labels of a model file without loading its matrices (validates a model chosen by path
 * before a run is queued). Throws a plain Error naming the problem when it is no fastText model.
 */
export const readFastTextHeader = (file: string): TFastTextHeader => {
  const key = cacheKey(file);
  const hit = headerCache.get(key);
  if (hit) return hit;
  const r = openBinaryReader(file);
  try {
    if (r.int32() !== FASTTEXT_MAGIC) throw new Error(`${file} is not a fastText model (bad magic number)`);
    const version = r.int32();
    if (version > FASTTEXT_VERSION) throw new Error(`${file} has fastText format version ${version}; this reader knows up to ${FASTTEXT_VERSION}`);
    const args = readArgs(r);
    const size = r.int32();
    const nwords = r.int32();
    r.int32();
    r.int64();
    r.int64();
    const labels: { label: string; count: number }[] = [];
    for (let i = 0; i < size; i++) {
      const name = r.cString();
      const count = r.int64();
      const type = r.int8();
      if (type === 1) labels.push({ label: decoder.decode(name), count });
    }
    const header = { version, args, labels, words: nwords };
    headerCache.set(key, header);
    return header;
  } finally {
    r.close();
  }
};
