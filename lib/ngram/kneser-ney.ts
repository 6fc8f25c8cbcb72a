import { AppError } from "@/lib/errors";
import { BOS, EOS, UNK, type TNgramModel } from "@/lib/ngram/model";
import { fitCapacity, HASH_SEED, hashIds, hashStep, NgramTable } from "@/lib/ngram/ngram-table";
import { DEFAULT_TOKENIZER, forEachToken, type TNgramTokenizer } from "@/lib/ngram/tokenize";

/**
 * Interpolated modified Kneser-Ney estimation (Chen & Goodman 1998, §3.5), the smoothing KenLM's
 * `lmplz` implements, with its conventions:
 * - each sentence is `<s> w1 … wk </s>`; every n-gram of every order up to N that ends after `<s>`
 *   is counted (lmplz pads with N−1 `<s>` and collapses them: the same n-grams);
 * - adjusted counts a(·): raw counts for order N and for n-grams starting with `<s>`; otherwise the
 *   number of distinct words seen immediately before the n-gram (continuation counts);
 * - discounts per order from the counts-of-counts t_k of adjusted counts (k = 1…4):
 *   Y = t1 / (t1 + 2 t2), D_k = k − (k + 1) Y t_{k+1} / t_k for k = 1, 2, 3 (D3 applies to a ≥ 3);
 *   when a t_k is 0 or a D_k falls outside [0, k] (tiny or artificial data) the order uses lmplz's
 *   `--discount_fallback` values 0.5, 1, 1.5 and the stats say so;
 * - u(w | h) = (a(h w) − D(a(h w))) / Σ_x a(h x);  γ(h) = 1 − Σ_{kept w} u(w | h), which is
 *   (D1 N1(h·) + D2 N2(h·) + D3 N3+(h·)) / Σ_x a(h x) without pruning, and adds the mass of pruned
 *   n-grams with pruning (as lmplz does);
 * - p(w | h) = u(w | h) + γ(h) p(w | h′) (h′ = h without its first word), and for unigrams
 *   p(w) = u(w) + γ(ε) / |V| with |V| counting `<unk>` and `</s>` but not `<s>` (`--interpolate_unigrams`,
 *   lmplz's default): `<unk>` gets γ(ε) / |V|; `<s>` is never predicted (log10 p = −99).
 * The ARPA back-off of a context h is γ(h); n-grams that are no context have none.
 *
 * Pruning (`prune[n-1]` = t): n-grams of order n ≥ 2 seen at most t times are dropped, unless they are
 * the prefix or suffix of a kept longer n-gram (so every kept n-gram's context and back-off target
 * exist). Thresholds must not decrease with the order, as in lmplz.
 *
 * Memory: every distinct n-gram of every order is held in typed arrays, never as a string: about
 * 4n + 24 bytes per n-gram of order n while counting (ids, hash, slots, count; see NgramTable) and
 * about 40 more while estimating (adjusted count, probability, back-off, flags). `maxNgrams` caps the
 * total (default 10 M, under 1 GB at order 5); counting stops with a clear error beyond it, before
 * the worker runs out of memory.
 */

export type TKnOptions = {
  order: number;
  /** Per order (index n − 1): drop n-grams seen at most this many times (unigrams are never pruned). */
  prune?: number[];
  /** Cap on distinct n-grams over all orders while counting. */
  maxNgrams?: number;
  tokenizer?: TNgramTokenizer;
};

export const DEFAULT_MAX_NGRAMS = 10_000_000;
export const DISCOUNT_FALLBACK = [0.5, 1, 1.5] as const;

export type TKnStats = {
  order: number;
  /** Tokens counted (words and `</s>`, as lmplz's "Unigram tokens" plus sentences). */
  tokens: number;
  sentences: number;
  /** Distinct n-grams per order before pruning. */
  countedNgrams: number[];
  /** N-grams per order in the model. */
  ngrams: number[];
  /** D1, D2, D3+ per order. */
  discounts: number[][];
  /** Orders (1-based) whose discounts fell back to 0.5, 1, 1.5. */
  discountFallback: number[];
};

/** Counts n-grams of sentences into typed-array tables (one per order). */
export const createNgramCounter = (opts: TKnOptions) => {
  const N = opts.order;
  if (!Number.isInteger(N) || N < 1 || N > 10) throw new AppError("UNPROCESSABLE", `order must be an integer from 1 to 10, got ${N}`);
  const maxNgrams = opts.maxNgrams ?? DEFAULT_MAX_NGRAMS;
  const tokenizer = opts.tokenizer ?? DEFAULT_TOKENIZER;
  const words: string[] = [UNK, BOS, EOS];
  const vocab = new Map<string, number>(words.map((w, i) => [w, i]));
  const tables = Array.from({ length: N }, (_, i) => new NgramTable(i + 1, i === 0 ? 1 << 14 : 1 << 16));
  const counts = tables.map((t) => new Int32Array(t.capacity));
  let seq = new Int32Array(1024);
  let len = 0;
  let tokens = 0;
  let sentences = 0;
  let distinct = 0;

  // <unk> and <s> are unigrams with count 0: <s> holds the back-off of sentence starts.
  for (const id of [0, 1]) {
    tables[0].insert([id], 0, hashIds([id], 0, 1));
    distinct++;
  }

  const endSentence = () => {
    if (len === 0) return;
    if (len + 2 > seq.length) seq = fitCapacity(seq, (len + 2) * 2, (k) => new Int32Array(k));
    seq.copyWithin(1, 0, len);
    seq[0] = 1;
    seq[len + 1] = 2;
    const total = len + 2;
    for (let i = 1; i < total; i++) {
      let h = HASH_SEED;
      const maxK = i + 1 < N ? i + 1 : N;
      for (let k = 1; k <= maxK; k++) {
        h = hashStep(h, seq[i - k + 1]);
        const t = tables[k - 1];
        const before = t.size;
        const e = t.insert(seq, i - k + 1, h);
        if (t.size > before) {
          if (++distinct > maxNgrams) {
            throw new AppError(
              "UNPROCESSABLE",
              `The reference set has more than ${maxNgrams.toLocaleString("en-US")} distinct n-grams (max_ngrams). Use fewer documents, a lower order, or raise max_ngrams if the worker has the memory (about ${4 * N + 20} bytes per n-gram).`,
            );
          }
          if (t.capacity > counts[k - 1].length) counts[k - 1] = fitCapacity(counts[k - 1], t.capacity, (c) => new Int32Array(c));
        }
        counts[k - 1][e]++;
      }
    }
    tokens += total - 1;
    sentences++;
    len = 0;
  };

  const addToken = (tok: string) => {
    let id = vocab.get(tok);
    if (id === undefined) {
      id = words.length;
      words.push(tok);
      vocab.set(tok, id);
    }
    if (len + 2 >= seq.length) seq = fitCapacity(seq, seq.length * 2, (k) => new Int32Array(k));
    seq[len++] = id;
  };

  return {
    /** Counts every sentence (non-blank line) of a text. */
    addText: (text: string) => forEachToken(text, tokenizer, addToken, endSentence),
    /** Counts one sentence given as tokens. */
    addSentence: (sentence: string[]) => {
      for (const t of sentence) if (t !== BOS && t !== EOS && t !== UNK) addToken(t);
      endSentence();
    },
    get distinctNgrams() {
      return distinct;
    },
    get tokens() {
      return tokens;
    },
    /** Estimates the model; the counter must not be used afterwards. */
    estimate: (onProgress?: () => void): { model: TNgramModel; stats: TKnStats } => estimateKneserNey({ order: N, words, vocab, tables, counts, tokens, sentences, prune: opts.prune ?? [] }, onProgress),
  };
};

export type TNgramCounter = ReturnType<typeof createNgramCounter>;

type TCounts = { order: number; words: string[]; vocab: Map<string, number>; tables: NgramTable[]; counts: Int32Array[]; tokens: number; sentences: number; prune: number[] };

/** D1, D2, D3+ from counts-of-counts t[1..4] (Chen & Goodman eq. 26); null when undefined or out of range. */
export const discountsFromCountsOfCounts = (t: number[]): number[] | null => {
  if (t[1] === 0 || t[2] === 0 || t[3] === 0) return null;
  const y = t[1] / (t[1] + 2 * t[2]);
  const d = [1, 2, 3].map((k) => k - ((k + 1) * y * t[k + 1]) / t[k]);
  return d.every((x, i) => x >= 0 && x <= i + 1) ? d : null;
};

const estimateKneserNey = (c: TCounts, onProgress?: () => void): { model: TNgramModel; stats: TKnStats } => {
  const N = c.order;
  const { tables, counts } = c;
  const prune = Array.from({ length: N }, (_, i) => (i === 0 ? 0 : Math.max(0, Math.floor(c.prune[i] ?? 0))));
  for (let i = 2; i < N; i++) {
    if (prune[i] < prune[i - 1]) throw new AppError("UNPROCESSABLE", `prune thresholds must not decrease with the order (got ${prune.join(", ")})`);
  }
  let work = 0;
  const tick = () => {
    if (++work % 200_000 === 0) onProgress?.();
  };
  const sizes = tables.map((t) => t.size);

  // Links, found once: the entry of order n − 1 holding each n-gram's context (prefix) and suffix.
  const prefixOf: Int32Array[] = [new Int32Array(sizes[0])]; // unigrams: the empty context 0
  const suffixOf: Int32Array[] = [new Int32Array(0)];
  for (let n = 2; n <= N; n++) {
    const t = tables[n - 1];
    const lower = tables[n - 2];
    const pre = new Int32Array(t.size);
    const suf = new Int32Array(t.size);
    for (let e = 0; e < t.size; e++) {
      const base = e * n;
      pre[e] = lower.find(t.ids, base, hashIds(t.ids, base, n - 1));
      suf[e] = lower.find(t.ids, base + 1, hashIds(t.ids, base + 1, n - 1));
      tick();
    }
    prefixOf.push(pre);
    suffixOf.push(suf);
  }

  // Adjusted counts: raw for order N and for n-grams starting with <s>, else distinct left words.
  const adjusted = tables.map((t, i) => (i === N - 1 ? counts[i] : new Int32Array(t.size)));
  for (let n = 1; n < N; n++) {
    const lower = tables[n - 1];
    const adj = adjusted[n - 1];
    for (let e = 0; e < lower.size; e++) if (lower.ids[e * n] === 1) adj[e] = counts[n - 1][e];
    const suf = suffixOf[n];
    for (let e = 0; e < suf.length; e++) adj[suf[e]]++;
  }

  // Pruning: raw count ≤ threshold, unless a kept longer n-gram needs it as prefix or suffix (2 = needed).
  const kept = tables.map((t) => new Uint8Array(t.size).fill(1));
  if (prune.some((t) => t > 0)) {
    for (let n = N; n >= 2; n--) {
      const keep = kept[n - 1];
      const t = prune[n - 1];
      if (t > 0) for (let e = 0; e < keep.length; e++) if (keep[e] !== 2 && counts[n - 1][e] <= t) keep[e] = 0;
      if (n === 2) break; // unigrams are always kept
      const [pre, suf, lowerKeep] = [prefixOf[n - 1], suffixOf[n - 1], kept[n - 2]];
      for (let e = 0; e < keep.length; e++) {
        if (!keep[e]) continue;
        lowerKeep[pre[e]] = 2;
        lowerKeep[suf[e]] = 2;
      }
    }
  }

  // Discounts from the counts-of-counts of adjusted counts (pruned n-grams included, as lmplz).
  const discounts: number[][] = [];
  const discountFallback: number[] = [];
  for (let n = 1; n <= N; n++) {
    const t = [0, 0, 0, 0, 0];
    const adj = adjusted[n - 1];
    for (let e = 0; e < sizes[n - 1]; e++) if (adj[e] >= 1 && adj[e] <= 4) t[adj[e]]++;
    const d = discountsFromCountsOfCounts(t);
    if (d) discounts.push(d);
    else {
      discounts.push([...DISCOUNT_FALLBACK]);
      discountFallback.push(n);
    }
  }

  // u(w | h) and γ(h) per order n; the contexts are the entries of order n − 1 (one empty context for
  // n = 1). γ(h) = (Σ_{kept} D(a) + Σ_{pruned} a) / Σ a, computed directly (no 1 − Σ u cancellation).
  // `p` first holds u, then (lowest order first) the interpolated p(w | h) = u(w | h) + γ(h) p(w | h′).
  const p = tables.map((t) => new Float64Array(t.size));
  const gamma: Float64Array[] = tables.map((t, i) => new Float64Array(i < N - 1 ? t.size : 0));
  const isContext: Uint8Array[] = tables.map((t, i) => new Uint8Array(i < N - 1 ? t.size : 0));
  let gammaEmpty = 1;
  for (let n = 1; n <= N; n++) {
    const adj = adjusted[n - 1];
    const keep = kept[n - 1];
    const pre = prefixOf[n - 1];
    const [d1, d2, d3] = discounts[n - 1];
    const nCtx = n === 1 ? 1 : sizes[n - 2];
    const denom = new Float64Array(nCtx);
    const left = new Float64Array(nCtx);
    const pn = p[n - 1];
    for (let e = 0; e < sizes[n - 1]; e++) {
      const a = adj[e];
      const d = a <= 0 ? 0 : a === 1 ? d1 : a === 2 ? d2 : d3;
      denom[pre[e]] += a;
      left[pre[e]] += keep[e] ? d : a;
      pn[e] = keep[e] ? a - d : 0;
    }
    for (let e = 0; e < sizes[n - 1]; e++) if (pn[e] !== 0) pn[e] /= denom[pre[e]];
    if (n === 1) gammaEmpty = denom[0] > 0 ? left[0] / denom[0] : 1;
    else {
      for (let ctx = 0; ctx < nCtx; ctx++) {
        if (denom[ctx] === 0) continue;
        gamma[n - 2][ctx] = left[ctx] / denom[ctx];
        isContext[n - 2][ctx] = 1;
      }
    }
    onProgress?.();
  }
  const vocabSize = sizes[0] - 1; // <unk> and </s> in, <s> out
  for (let e = 0; e < sizes[0]; e++) p[0][e] += gammaEmpty / vocabSize;
  for (let n = 2; n <= N; n++) {
    const [pn, lowerP, g, pre, suf, keep] = [p[n - 1], p[n - 2], gamma[n - 2], prefixOf[n - 1], suffixOf[n - 1], kept[n - 1]];
    for (let e = 0; e < pn.length; e++) if (keep[e]) pn[e] += g[pre[e]] * lowerP[suf[e]];
  }

  // The model: kept n-grams only, log10 probabilities and back-offs.
  const mTables: NgramTable[] = [];
  const mProb: Float32Array[] = [];
  const mBackoff: Float32Array[] = [];
  for (let n = 1; n <= N; n++) {
    const table = tables[n - 1];
    const keep = kept[n - 1];
    let nKept = 0;
    for (let e = 0; e < keep.length; e++) if (keep[e]) nKept++;
    const out = nKept === table.size ? table : new NgramTable(n, nKept);
    const prob = new Float32Array(nKept);
    const bo = new Float32Array(nKept);
    for (let e = 0; e < keep.length; e++) {
      if (!keep[e]) continue;
      const f = out === table ? e : out.insert(table.ids, e * n, table.hashes[e]);
      prob[f] = n === 1 && table.ids[e] === 1 ? -99 : Math.log10(p[n - 1][e]);
      bo[f] = n < N && isContext[n - 1][e] ? Math.log10(gamma[n - 1][e]) : 0;
      if (out !== table) tick();
    }
    out.compact();
    mTables.push(out);
    mProb.push(prob);
    mBackoff.push(bo);
  }
  const model: TNgramModel = { order: N, words: c.words, vocab: c.vocab, unk: 0, bos: 1, eos: 2, tables: mTables, prob: mProb, backoff: mBackoff, suffixClosed: true };
  const stats: TKnStats = { order: N, tokens: c.tokens, sentences: c.sentences, countedNgrams: sizes, ngrams: mTables.map((t) => t.size), discounts, discountFallback };
  return { model, stats };
};
