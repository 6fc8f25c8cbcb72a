import { ENTRY_LABEL, EOS, LABEL_PREFIX, lookup, type TDictionary } from "@/lib/fasttext/dictionary";
import { FNV_OFFSET, fnvByte, fnvBytes, fnvString, ngramMod, ngramStart, ngramStep, type TNgramState } from "@/lib/fasttext/hash";
import type { TFastTextModelFile } from "@/lib/fasttext/model-file";

const f32 = Math.fround;

/** Loss::std_log: log(x + 1e-5) in single precision. */
const stdLog = (x: number): number => f32(Math.log(x + 1e-5));

const SIGMOID_TABLE_SIZE = 512;
const MAX_SIGMOID = 8;
const SIGMOID_TABLE = (() => {
  const t = new Float32Array(SIGMOID_TABLE_SIZE + 1);
  for (let i = 0; i <= SIGMOID_TABLE_SIZE; i++) {
    const x = f32(f32(f32(i * 2 * MAX_SIGMOID) / SIGMOID_TABLE_SIZE) - MAX_SIGMOID);
    t[i] = f32(1 / (1 + f32(Math.exp(-x))));
  }
  return t;
})();

/** Loss::sigmoid: the 512-entry lookup table the one-vs-all and negative-sampling losses use. */
const tableSigmoid = (x: number): number => {
  if (x < -MAX_SIGMOID) return 0;
  if (x > MAX_SIGMOID) return 1;
  return SIGMOID_TABLE[Math.trunc(f32(f32(f32(x + MAX_SIGMOID) * SIGMOID_TABLE_SIZE) / MAX_SIGMOID / 2))];
};

type THsPath = { nodes: Int32Array; right: Uint8Array };

/** HierarchicalSoftmaxLoss::buildTree (Huffman tree over label counts); each leaf's path from the root. */
const buildHsPaths = (counts: number[]): THsPath[] => {
  const osz = counts.length;
  const n = 2 * osz - 1;
  const parent = new Int32Array(n).fill(-1);
  const left = new Int32Array(n).fill(-1);
  const right = new Int32Array(n).fill(-1);
  const binary = new Uint8Array(n);
  const count = new Float64Array(n).fill(1e15);
  for (let i = 0; i < osz; i++) count[i] = counts[i];
  let leaf = osz - 1;
  let node = osz;
  for (let i = osz; i < n; i++) {
    const mini = [0, 0];
    for (let j = 0; j < 2; j++) {
      if (leaf >= 0 && count[leaf] < count[node]) mini[j] = leaf--;
      else mini[j] = node++;
    }
    left[i] = mini[0];
    right[i] = mini[1];
    count[i] = count[mini[0]] + count[mini[1]];
    parent[mini[0]] = i;
    parent[mini[1]] = i;
    binary[mini[1]] = 1;
  }
  return counts.map((_, i) => {
    const nodes: number[] = [];
    const isRight: number[] = [];
    for (let c = i; parent[c] !== -1; c = parent[c]) {
      nodes.push(parent[c]);
      isRight.push(binary[c]);
    }
    return { nodes: Int32Array.from(nodes.reverse()), right: Uint8Array.from(isRight.reverse()) };
  });
};

/** What a loaded model predicts for one line of text. */
export type TFastTextPredictor = {
  /** Label names with their `__label__` prefix, in label id order. */
  labels: string[];
  dim: number;
  /**
   * The probability fastText reports for every label (indexed like `labels`), as `fasttext
   * predict-prob <model> - -1` prints it: exp(log(p + 1e-5)) in single precision, so values carry
   * fastText's +1e-5 offset. Unlike the CLI, hierarchical-softmax models get every label (the CLI
   * prunes labels below 1e-5). Null when the text yields no input feature at all.
   * The text is one line: newlines are treated as spaces (callers normalise first, see dclmInput).
   */
  predictProbs: (text: string) => Float32Array | null;
  /** The input ids (words, subwords, word n-grams) fastText builds for a line, for tests. */
  inputIds: (text: string) => Int32Array;
};

/** The prune index (n-gram bucket → kept row) as an open-addressing table: -1 when pruned away. */
const pruneTable = (m: Map<number, number>): ((h: number) => number) => {
  let size = 16;
  while (size < m.size * 2) size *= 2;
  const mask = size - 1;
  const keys = new Int32Array(size).fill(-1);
  const vals = new Int32Array(size);
  for (const [k, v] of m) {
    let slot = Math.imul(k, 0x9e3779b1) & mask;
    while (keys[slot] !== -1) slot = (slot + 1) & mask;
    keys[slot] = k;
    vals[slot] = v;
  }
  return (h) => {
    let slot = Math.imul(h, 0x9e3779b1) & mask;
    for (;;) {
      const k = keys[slot];
      if (k === h) return vals[slot];
      if (k === -1) return -1;
      slot = (slot + 1) & mask;
    }
  };
};

const isSpace = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0x0b || b === 0x0c || b === 0x00;

const LABEL_BYTES = new TextEncoder().encode(LABEL_PREFIX);
const startsWithLabel = (b: Uint8Array, s: number, e: number): boolean => {
  if (e - s < LABEL_BYTES.length) return false;
  for (let k = 0; k < LABEL_BYTES.length; k++) if (b[s + k] !== LABEL_BYTES[k]) return false;
  return true;
};

/** Builds a predictor over a model file's dictionary and matrices (Dictionary::getLine + Model::predict). */
export const createPredictor = (model: TFastTextModelFile): TFastTextPredictor => {
  const { args, dict, input, output } = model;
  const d: TDictionary = dict;
  const { dim, minn, maxn, bucket, wordNgrams, loss } = args;
  const nlabels = d.nlabels;
  const encoder = new TextEncoder();
  let bytes = new Uint8Array(1 << 16);
  let ids = new Int32Array(1 << 12);
  let nIds = 0;
  let wordHashes = new Int32Array(1 << 12);
  let nHashes = 0;
  let sub = new Uint8Array(256);
  const state: TNgramState = { hi: 0, lo: 0 };
  const hidden = new Float32Array(dim);
  const eosHash = fnvString(EOS);
  const eosBytes = encoder.encode(EOS);
  const eosId = lookup(d, eosBytes, 0, eosBytes.length, eosHash);
  const hsPaths = loss === "hs" ? buildHsPaths(Array.from(d.counts.subarray(d.nwords))) : null;
  const nodeF = new Float32Array(Math.max(0, nlabels - 1));
  const noNgrams = d.pruneIdx !== null && d.pruneIdx.size === 0;
  const wordSubwords: (Int32Array | undefined)[] = maxn > 0 ? new Array(d.nwords) : [];
  const isEosToken = (s: number, e: number): boolean => e - s === eosBytes.length && eosBytes.every((b, k) => bytes[s + k] === b);

  const pushId = (id: number) => {
    if (nIds === ids.length) {
      const grown = new Int32Array(ids.length * 2);
      grown.set(ids);
      ids = grown;
    }
    ids[nIds++] = id;
  };
  /** Dictionary::pushHash: an n-gram bucket, remapped through the prune index of a quantized model. */
  const prune = d.pruneIdx ? pruneTable(d.pruneIdx) : null;
  const pushHash = (h: number) => {
    if (noNgrams) return;
    if (prune) {
      h = prune(h);
      if (h < 0) return;
    }
    pushId(d.nwords + h);
  };
  /** Dictionary::computeSubwords over "<" + token + ">" (character n-grams minn..maxn, UTF-8 aware). */
  const computeSubwords = (s: number, e: number) => {
    if (bucket <= 0) return;
    const len = e - s + 2;
    if (sub.length < len) sub = new Uint8Array(len * 2);
    sub[0] = 0x3c;
    sub.set(bytes.subarray(s, e), 1);
    sub[len - 1] = 0x3e;
    for (let i = 0; i < len; i++) {
      if ((sub[i] & 0xc0) === 0x80) continue;
      let h = FNV_OFFSET;
      for (let j = i, n = 1; j < len && n <= maxn; n++) {
        h = fnvByte(h, sub[j++]);
        while (j < len && (sub[j] & 0xc0) === 0x80) h = fnvByte(h, sub[j++]);
        if (n >= minn && !(n === 1 && (i === 0 || j === len))) pushHash(h % bucket);
      }
    }
  };
  const pushWordHash = (h: number) => {
    if (nHashes === wordHashes.length) {
      const grown = new Int32Array(wordHashes.length * 2);
      grown.set(wordHashes);
      wordHashes = grown;
    }
    wordHashes[nHashes++] = h | 0;
  };
  /** One token of Dictionary::getLine. */
  const addToken = (s: number, e: number, h: number, id: number, isEos: boolean) => {
    const isLabel = id >= 0 ? d.types[id] === ENTRY_LABEL : startsWithLabel(bytes, s, e);
    if (isLabel) return; // labels in the text are training targets, not features
    if (id < 0) {
      if (!isEos && maxn > 0) computeSubwords(s, e);
    } else if (maxn > 0 && !isEos) {
      // A word's ids (itself + its character n-grams) never change: computed once per word, as
      // fastText's Dictionary::initNgrams does for the whole vocabulary at load.
      let cached = wordSubwords[id];
      if (!cached) {
        const start = nIds;
        pushId(id);
        computeSubwords(s, e);
        cached = wordSubwords[id] = ids.slice(start, nIds);
      } else {
        for (let k = 0; k < cached.length; k++) pushId(cached[k]);
      }
    } else {
      pushId(id);
    }
    pushWordHash(h);
  };

  const buildInput = (text: string): void => {
    nIds = 0;
    nHashes = 0;
    if (bytes.length < text.length * 3) bytes = new Uint8Array(text.length * 3 + 16);
    const n = encoder.encodeInto(text, bytes).written;
    let i = 0;
    while (i < n) {
      while (i < n && isSpace(bytes[i])) i++;
      if (i >= n) break;
      const s = i;
      while (i < n && !isSpace(bytes[i])) i++;
      const h = fnvBytes(bytes, s, i);
      // A literal "</s>" ends the line, as in Dictionary::getLine.
      if (h === eosHash && isEosToken(s, i)) {
        break;
      }
      addToken(s, i, h, lookup(d, bytes, s, i, h), false);
    }
    // The line's end-of-sentence token (fastText reads "</s>" at the newline).
    if (eosId >= 0) pushId(eosId);
    pushWordHash(eosHash);
    if (wordNgrams > 1 && bucket > 0) {
      for (let a = 0; a < nHashes; a++) {
        ngramStart(state, wordHashes[a]);
        for (let b = a + 1; b < nHashes && b < a + wordNgrams; b++) {
          ngramStep(state, wordHashes[b]);
          pushHash(ngramMod(state, bucket));
        }
      }
    }
  };

  const computeHidden = (): void => {
    hidden.fill(0);
    input.addRowsTo(hidden, ids, nIds);
    const inv = f32(1 / nIds);
    for (let j = 0; j < dim; j++) hidden[j] *= inv;
  };

  const predictProbs = (text: string): Float32Array | null => {
    buildInput(text);
    if (nIds === 0) return null;
    computeHidden();
    const out = new Float32Array(nlabels);
    if (hsPaths) {
      // Each inner node's sigmoid once, then every label's path from the root (as dfs adds them).
      for (let u = 0; u < nlabels - 1; u++) {
        const f = output.dotRow(hidden, u);
        nodeF[u] = f32(1 / f32(1 + f32(Math.exp(-f))));
      }
      for (let l = 0; l < nlabels; l++) {
        const { nodes, right } = hsPaths[l];
        let score = 0;
        for (let k = 0; k < nodes.length; k++) {
          const f = nodeF[nodes[k] - nlabels];
          score = f32(score + (right[k] ? stdLog(f) : stdLog(f32(1 - f))));
        }
        out[l] = f32(Math.exp(score));
      }
      return out;
    }
    for (let l = 0; l < nlabels; l++) out[l] = output.dotRow(hidden, l);
    if (loss === "softmax") {
      let max = out[0];
      for (let l = 0; l < nlabels; l++) max = Math.max(out[l], max);
      let z = 0;
      for (let l = 0; l < nlabels; l++) {
        out[l] = f32(Math.exp(f32(out[l] - max)));
        z = f32(z + out[l]);
      }
      for (let l = 0; l < nlabels; l++) out[l] = f32(out[l] / z);
    } else {
      for (let l = 0; l < nlabels; l++) out[l] = tableSigmoid(out[l]);
    }
    for (let l = 0; l < nlabels; l++) out[l] = f32(Math.exp(stdLog(out[l])));
    return out;
  };

  return {
    labels: d.labels,
    dim,
    predictProbs,
    inputIds: (text) => {
      buildInput(text);
      return ids.slice(0, nIds);
    },
  };
};
