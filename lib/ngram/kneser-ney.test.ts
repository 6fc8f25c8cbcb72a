import { describe, expect, it } from "vitest";
import { createNgramCounter, discountsFromCountsOfCounts } from "@/lib/ngram/kneser-ney";
import { createScorer, type TNgramModel } from "@/lib/ngram/model";
import { hashIds } from "@/lib/ngram/ngram-table";

/** log10 p and log10 back-off of an n-gram given as words, or undefined when the model lacks it. */
const entry = (m: TNgramModel, words: string[]) => {
  const ids = words.map((w) => m.vocab.get(w)!);
  const n = words.length;
  const e = m.tables[n - 1].find(ids, 0, hashIds(ids, 0, n));
  return e < 0 ? undefined : { prob: m.prob[n - 1][e], backoff: m.backoff[n - 1][e] };
};

/**
 * A direct, string-keyed implementation of interpolated modified Kneser-Ney written from the
 * formulas (Chen & Goodman; lmplz's conventions), sharing no code with lib/ngram: it returns
 * p(w | h) by the interpolation recursion itself, not through ARPA back-off.
 */
const referenceKn = (sentences: string[][], N: number) => {
  const key = (ws: string[]) => ws.join(" ");
  const raw = Array.from({ length: N + 1 }, () => new Map<string, number>());
  const vocab = new Set<string>(["<unk>", "</s>"]);
  for (const s of sentences) {
    const t = ["<s>", ...s, "</s>"];
    s.forEach((w) => vocab.add(w));
    for (let i = 1; i < t.length; i++) {
      for (let n = 1; n <= N && i - n + 1 >= 0; n++) {
        const k = key(t.slice(i - n + 1, i + 1));
        raw[n].set(k, (raw[n].get(k) ?? 0) + 1);
      }
    }
  }
  const adj = Array.from({ length: N + 1 }, () => new Map<string, number>());
  for (let n = 1; n <= N; n++) {
    // Distinct left words: each distinct (n+1)-gram "v x" adds one to x.
    const left = new Map<string, number>();
    if (n < N) for (const up of raw[n + 1].keys()) left.set(key(up.split(" ").slice(1)), (left.get(key(up.split(" ").slice(1))) ?? 0) + 1);
    for (const [k, c] of raw[n]) adj[n].set(k, n === N || k.startsWith("<s>") ? c : (left.get(k) ?? 0));
  }
  const D: number[][] = [];
  for (let n = 1; n <= N; n++) {
    const t = [0, 0, 0, 0, 0];
    for (const a of adj[n].values()) if (a <= 4) t[a]++;
    const y = t[1] / (t[1] + 2 * t[2]);
    D[n] = [0, 1 - (2 * y * t[2]) / t[1], 2 - (3 * y * t[3]) / t[2], 3 - (4 * y * t[4]) / t[3]];
  }
  const disc = (n: number, a: number) => D[n][Math.min(a, 3)];
  // Per context: Σ a and N1, N2, N3+ of its continuations.
  const contexts = Array.from({ length: N + 1 }, () => new Map<string, { total: number; byCount: number[] }>());
  for (let n = 1; n <= N; n++) {
    for (const [k, a] of adj[n]) {
      const h = key(k.split(" ").slice(0, -1));
      const c = contexts[n].get(h) ?? { total: 0, byCount: [0, 0, 0, 0] };
      c.total += a;
      if (a > 0) c.byCount[Math.min(a, 3)]++;
      contexts[n].set(h, c);
    }
  }
  const ctxSum = (n: number, h: string) => {
    const c = contexts[n].get(h);
    if (!c || c.total === 0) return { total: 0, gamma: 1 };
    return { total: c.total, gamma: (D[n][1] * c.byCount[1] + D[n][2] * c.byCount[2] + D[n][3] * c.byCount[3]) / c.total };
  };
  const V = vocab.size;
  const p = (w: string, h: string[]): number => {
    const n = h.length + 1;
    const hk = key(h);
    const { total, gamma } = ctxSum(n, hk);
    const lower = n === 1 ? 1 / V : p(w, h.slice(1));
    if (total === 0) return lower; // h never seen as a context: the lower order alone
    const a = adj[n].get(key([...h, w])) ?? 0;
    return (a > 0 ? (a - disc(n, a)) / total : 0) + gamma * lower;
  };
  return { p, raw, D };
};

describe("Kneser-Ney estimation", () => {
  it("matches hand-computed probabilities and back-offs on a tiny corpus (fallback discounts)", () => {
    const counter = createNgramCounter({ order: 2 });
    counter.addSentence(["a", "b"]);
    counter.addSentence(["a"]);
    const { model, stats } = counter.estimate();
    // Counts-of-counts are too thin for the formula in both orders: lmplz's fallback 0.5, 1, 1.5.
    expect(stats.discountFallback).toEqual([1, 2]);
    // Unigram continuation counts a=1 (after <s>), b=1 (after a), </s>=2 (after a, b); Σ = 4.
    // u(a) = u(b) = 0.5/4, u(</s>) = 1/4, γ = (0.5·2 + 1·1)/4 = 0.5, |V| = 4 (<unk>, </s>, a, b).
    expect(entry(model, ["a"])!.prob).toBeCloseTo(Math.log10(0.125 + 0.5 / 4), 6);
    expect(entry(model, ["b"])!.prob).toBeCloseTo(Math.log10(0.25), 6);
    expect(entry(model, ["</s>"])!.prob).toBeCloseTo(Math.log10(0.375), 6);
    expect(entry(model, ["<unk>"])!.prob).toBeCloseTo(Math.log10(0.125), 6);
    expect(entry(model, ["<s>"])!.prob).toBe(-99);
    // Bigrams (raw counts): <s> a = 2 → u = (2 − 1)/2, γ(<s>) = 1·1/2; p = 0.5 + 0.5·0.25.
    expect(entry(model, ["<s>", "a"])!.prob).toBeCloseTo(Math.log10(0.625), 6);
    expect(entry(model, ["<s>"])!.backoff).toBeCloseTo(Math.log10(0.5), 6);
    // a b = a </s> = 1 → u = 0.5/2 each, γ(a) = 0.5·2/2.
    expect(entry(model, ["a", "b"])!.prob).toBeCloseTo(Math.log10(0.25 + 0.5 * 0.25), 6);
    expect(entry(model, ["a", "</s>"])!.prob).toBeCloseTo(Math.log10(0.25 + 0.5 * 0.375), 6);
    expect(entry(model, ["a"])!.backoff).toBeCloseTo(Math.log10(0.5), 6);
    expect(entry(model, ["b", "</s>"])!.prob).toBeCloseTo(Math.log10(0.5 + 0.5 * 0.375), 6);
    expect(entry(model, ["</s>"])!.backoff).toBe(0);
    expect(entry(model, ["b", "a"])).toBeUndefined();
    // Every conditional distribution sums to one over the vocabulary (<s> is never predicted).
    const s = createScorer(model);
    for (const ctx of [[], ["<s>"], ["a"], ["b"], ["</s>"]]) {
      const total = ["<unk>", "</s>", "a", "b"].reduce((acc, w) => acc + Math.pow(10, s.logProbAfter(ctx, w)), 0);
      expect(total).toBeCloseTo(1, 6);
    }
  });

  it("computes the discounts of Chen & Goodman eq. 26 and refuses out-of-range ones", () => {
    const d = discountsFromCountsOfCounts([0, 10, 4, 2, 1])!;
    const y = 10 / 18;
    expect(d[0]).toBeCloseTo(1 - (2 * y * 4) / 10, 12);
    expect(d[1]).toBeCloseTo(2 - (3 * y * 2) / 4, 12);
    expect(d[2]).toBeCloseTo(3 - (4 * y * 1) / 2, 12);
    expect(discountsFromCountsOfCounts([0, 3, 1, 0, 0])).toBeNull();
    expect(discountsFromCountsOfCounts([0, 10, 1, 10, 0])).toBeNull(); // D2 < 0
  });

  it("agrees with an independent implementation on a seeded toy corpus (order 3)", () => {
    let seed = 7;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    // 150 word types drawn with a skewed distribution: common words and rare ones, so every order has
    // n-grams seen 1, 2, 3 and 4 times (the discounts come from the formula, not the fallback).
    const words = Array.from({ length: 150 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
    const sentences = Array.from({ length: 1500 }, () => Array.from({ length: 1 + Math.floor(rand() * 8) }, () => words[Math.floor(rand() * rand() * rand() * words.length)]));
    const counter = createNgramCounter({ order: 3 });
    sentences.forEach((s) => counter.addSentence(s));
    const { model, stats } = counter.estimate();
    const ref = referenceKn(sentences, 3);
    expect(stats.discountFallback).toEqual([]);
    for (let n = 1; n <= 3; n++) for (let k = 1; k <= 3; k++) expect(stats.discounts[n - 1][k - 1]).toBeCloseTo(ref.D[n][k], 10);
    expect(stats.countedNgrams).toEqual([ref.raw[1].size + 2, ref.raw[2].size, ref.raw[3].size]);
    // Every stored n-gram's probability is the interpolated probability of the reference.
    let checked = 0;
    for (let n = 1; n <= 3; n++) {
      for (const k of ref.raw[n].keys()) {
        const ws = k.split(" ");
        expect(entry(model, ws)!.prob).toBeCloseTo(Math.log10(ref.p(ws[n - 1], ws.slice(0, -1))), 5);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
    // ARPA back-off scoring of any sentence (seen or not, with an unknown word) equals the
    // reference's interpolated probabilities.
    const scorer = createScorer(model);
    const probes = [sentences[0], sentences[1], [...sentences[2], ...sentences[3]], [words[0], "zebra", words[1]], [words[149], words[148]]];
    for (const probe of probes) {
      const t = ["<s>", ...probe.map((w) => (words.includes(w) ? w : "<unk>")), "</s>"];
      let expected = 0;
      for (let i = 1; i < t.length; i++) expected += Math.log10(ref.p(t[i], t.slice(Math.max(0, i - 2), i)));
      expect(scorer.scoreTokens(probe).log10Prob).toBeCloseTo(expected, 4);
    }
  });

  it("prunes rare higher-order n-grams but keeps what kept n-grams need, and stays normalised", () => {
    const text = "the cat sat on the mat\nthe cat sat on the hat\nthe dog sat on the log\na cat ran\n".repeat(2) + "one two three four\n";
    const full = createNgramCounter({ order: 3 });
    const pruned = createNgramCounter({ order: 3, prune: [0, 1, 2] });
    full.addText(text);
    pruned.addText(text);
    const a = full.estimate();
    const b = pruned.estimate();
    expect(b.stats.countedNgrams).toEqual(a.stats.countedNgrams);
    expect(b.stats.ngrams[0]).toBe(a.stats.ngrams[0]);
    expect(b.stats.ngrams[1]).toBeLessThan(a.stats.ngrams[1]);
    expect(b.stats.ngrams[2]).toBeLessThan(a.stats.ngrams[2]);
    // Bigrams seen once and trigrams seen at most twice are dropped ("on the mat" is seen twice,
    // "the cat sat" four times); "one two" is needed by no kept trigram.
    expect(entry(b.model, ["one", "two"])).toBeUndefined();
    expect(entry(b.model, ["on", "the", "mat"])).toBeUndefined();
    expect(entry(b.model, ["the", "cat", "sat"])).toBeDefined();
    expect(entry(a.model, ["on", "the", "mat"])).toBeDefined();
    // Every kept trigram has its context and its suffix.
    const m = b.model;
    for (let e = 0; e < m.tables[2].size; e++) {
      const ws = Array.from(m.tables[2].entryIds(e), (id) => m.words[id]);
      expect(entry(m, ws.slice(0, 2))).toBeDefined();
      expect(entry(m, ws.slice(1))).toBeDefined();
    }
    // The pruned model is still a distribution: Σ_w p(w | h) = 1 over the vocabulary.
    const s = createScorer(m);
    const vocab = m.words.filter((w) => w !== "<s>");
    for (const ctx of [["the", "cat"], ["on", "the"], ["one", "two"], ["<s>", "one"]]) {
      expect(vocab.reduce((acc, w) => acc + Math.pow(10, s.logProbAfter(ctx, w)), 0)).toBeCloseTo(1, 5);
    }
    expect(() => createNgramCounter({ order: 3, prune: [0, 2, 1] }).estimate()).toThrow(/must not decrease/);
  });

  it("stops counting with a clear error beyond max_ngrams", () => {
    const c = createNgramCounter({ order: 3, maxNgrams: 50 });
    expect(() => c.addText(Array.from({ length: 100 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`).join(" "))).toThrow(/more than 50 distinct n-grams \(max_ngrams\)/);
  });
});
