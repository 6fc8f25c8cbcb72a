import { HASH_SEED, hashStep, NgramTable } from "@/lib/ngram/ngram-table";
import { DEFAULT_TOKENIZER, forEachToken, type TNgramTokenizer } from "@/lib/ngram/tokenize";

export const UNK = "<unk>";
export const BOS = "<s>";
export const EOS = "</s>";
/** KenLM's log10 probability for `<unk>` when an ARPA file has none. */
export const MISSING_UNK_LOG10 = -100;

/**
 * A back-off n-gram language model as an ARPA file describes it: for each order, the n-grams with
 * their log10 probability and log10 back-off weight (0 when absent). Word ids index `words`.
 */
export type TNgramModel = {
  order: number;
  words: string[];
  vocab: Map<string, number>;
  unk: number;
  bos: number;
  eos: number;
  /** tables[n - 1] holds the n-grams. */
  tables: NgramTable[];
  prob: Float32Array[];
  backoff: Float32Array[];
  /**
   * Every n-gram's suffix is in the model too (true of lmplz's and our models; checked when an ARPA
   * file is read). Scoring then finds the longest match going up, and takes the context back-offs from
   * the previous word's matches (KenLM's state): about m + 1 lookups per word for an m-gram match.
   */
  suffixClosed: boolean;
};

/** Whether every n-gram of order ≥ 2 has its suffix (the n-gram without its first word) in the model. */
export const checkSuffixClosed = (m: Pick<TNgramModel, "order" | "tables">, onProgress?: () => void): boolean => {
  for (let n = 2; n <= m.order; n++) {
    const t = m.tables[n - 1];
    const lower = m.tables[n - 2];
    for (let e = 0; e < t.size; e++) {
      const base = e * n + 1;
      let h = HASH_SEED;
      for (let j = base + n - 2; j >= base; j--) h = hashStep(h, t.ids[j]);
      if (lower.find(t.ids, base, h) < 0) return false;
      if (e % 500_000 === 0) onProgress?.();
    }
  }
  return true;
};

export type TModelSize = { order: number; counts: number[]; vocab: number; bytes: number };

export const modelSize = (m: TNgramModel): TModelSize => ({
  order: m.order,
  counts: m.tables.map((t) => t.size),
  vocab: m.words.length,
  bytes: m.tables.reduce((a, t, i) => a + t.bytes + m.prob[i].byteLength + m.backoff[i].byteLength, 0),
});

/** Score of a text: Σ log10 p over every token and every `</s>`, and how many there were. */
export type TTextScore = { log10Prob: number; nTokens: number; oov: number; sentences: number };

/**
 * Scores sentences with ARPA back-off semantics (as KenLM's query does):
 *   log p(w | h) = prob(h w)                           if the n-gram h w is in the model,
 *                = backoff(h) + log p(w | h minus its first word)   otherwise (backoff 0 if h is absent),
 * with h the up-to-(order - 1) words before w, starting from `<s>`. A word outside the vocabulary
 * is scored as `<unk>`. Holds scratch buffers; one scorer per model.
 */
export const createScorer = (m: TNgramModel) => {
  const N = m.order;
  const { tables, prob, backoff, vocab, unk, bos, eos } = m;
  let seq = new Int32Array(1024);
  let len = 0;
  let cur = new Uint32Array(N + 1);
  let prev = new Uint32Array(N + 1);
  const score = { log10Prob: 0, nTokens: 0, oov: 0, sentences: 0 };

  // Suffix hashes (and, on the fast path, the entries found) ending at the current and previous word.
  let curE = new Int32Array(N + 1);
  let prevE = new Int32Array(N + 1);
  let prevLen = 0;
  const bosEntry = tables[0].find([bos], 0, hashStep(HASH_SEED, bos));

  /**
   * The back-off rule, longest context first: log10 p(seq[i] | up to N − 1 words before it), given the
   * suffix hashes ending at i − 1 in `prev`. Exact for any ARPA file.
   */
  const wordLogProbGeneral = (i: number): number => {
    const maxK = i + 1 < N ? i + 1 : N;
    let h = HASH_SEED;
    for (let k = 1; k <= maxK; k++) {
      h = hashStep(h, seq[i - k + 1]);
      cur[k] = h;
    }
    let lp = 0;
    for (let k = maxK; k >= 1; k--) {
      const e = tables[k - 1].find(seq, i - k + 1, cur[k]);
      if (e >= 0) return lp + prob[k - 1][e];
      if (k >= 2) {
        const c = tables[k - 2].find(seq, i - k + 1, prev[k - 1]);
        if (c >= 0) lp += backoff[k - 2][c];
      }
    }
    // Only a word id with no unigram gets here (an ARPA file without <unk>).
    return lp + MISSING_UNK_LOG10;
  };

  /**
   * The same rule for suffix-closed models: the matches of length 1, 2, … up to the first miss (m);
   * the contexts of length m … are the previous word's matches, so their back-offs need no lookup.
   */
  const wordLogProbFast = (i: number): number => {
    const maxK = i + 1 < N ? i + 1 : N;
    let h = HASH_SEED;
    let m = 0;
    for (let k = 1; k <= maxK; k++) {
      h = hashStep(h, seq[i - k + 1]);
      const e = tables[k - 1].find(seq, i - k + 1, h);
      if (e < 0) break;
      curE[k] = e;
      m = k;
    }
    let lp = m > 0 ? prob[m - 1][curE[m]] : MISSING_UNK_LOG10;
    for (let j = m > 0 ? m : 1; j <= prevLen; j++) lp += backoff[j - 1][prevE[j]];
    prevLen = m < N ? m : N - 1;
    const t = curE;
    curE = prevE;
    prevE = t;
    return lp;
  };

  const fast = m.suffixClosed && bosEntry >= 0;

  const endSentence = () => {
    if (len === 0) return;
    if (len + 2 > seq.length) {
      const s = new Int32Array((len + 2) * 2);
      s.set(seq.subarray(0, len));
      seq = s;
    }
    seq.copyWithin(1, 0, len);
    seq[0] = bos;
    seq[len + 1] = eos;
    const total = len + 2;
    if (fast) {
      prevE[1] = bosEntry;
      prevLen = 1;
      for (let i = 1; i < total; i++) score.log10Prob += wordLogProbFast(i);
    } else {
      prev[1] = hashStep(HASH_SEED, bos);
      for (let i = 1; i < total; i++) {
        score.log10Prob += wordLogProbGeneral(i);
        const t = cur;
        cur = prev;
        prev = t;
      }
    }
    score.nTokens += total - 1;
    score.sentences++;
    len = 0;
  };

  const addToken = (tok: string) => {
    let id = vocab.get(tok);
    if (id === undefined || id === bos || id === eos) {
      id = unk;
      score.oov++;
    }
    if (len + 2 >= seq.length) {
      const s = new Int32Array(seq.length * 2);
      s.set(seq);
      seq = s;
    }
    seq[len++] = id;
  };

  const reset = () => {
    score.log10Prob = 0;
    score.nTokens = 0;
    score.oov = 0;
    score.sentences = 0;
    len = 0;
  };

  return {
    /** Scores a whole text (every non-blank line is a sentence). */
    scoreText: (text: string, tokenizer: TNgramTokenizer = DEFAULT_TOKENIZER): TTextScore => {
      reset();
      forEachToken(text, tokenizer, addToken, endSentence);
      return { ...score };
    },
    /** Scores one sentence given as tokens (no tokenizer applied). */
    scoreTokens: (tokens: string[]): TTextScore => {
      reset();
      for (const t of tokens) addToken(t);
      endSentence();
      return { ...score };
    },
    /** log10 p(word | context) for words given as they are in the model (`<s>` may open the context). */
    logProbAfter: (context: string[], word: string): number => {
      reset();
      const all = [...context, word];
      if (all.length > seq.length) seq = new Int32Array(all.length * 2);
      all.forEach((w, j) => (seq[j] = vocab.get(w) ?? unk));
      const i = all.length - 1;
      let h = HASH_SEED;
      for (let k = 1; k <= Math.min(N - 1, i); k++) {
        h = hashStep(h, seq[i - k]);
        prev[k] = h;
      }
      return wordLogProbGeneral(i);
    },
  };
};

export type TNgramScorer = ReturnType<typeof createScorer>;

/** Perplexity as KenLM and CCNet report it: 10^(−Σ log10 p / tokens), `</s>` counted as a token. */
export const perplexityOf = (log10Prob: number, nTokens: number): number | null => (nTokens > 0 ? Math.pow(10, -log10Prob / nTokens) : null);
