/**
 * N-gram perplexity benchmarks, in-process on one core:
 * - training: a 5-gram Kneser-Ney model on the 374 Brown documents of the non-fiction genres
 *   (lib/demo): counting (tokens/s), estimation, ARPA write and ARPA read;
 * - scoring: every document of the generated real-text corpus (bench/generate-corpus.ts, ≥ 100k
 *   documents of Brown and SpamAssassin text) with that model, docs/s and MB/s per core. Documents
 *   of the non-fiction genres reuse paragraphs the model was trained on; fiction and e-mail are
 *   unseen text (their median perplexities are reported apart: long matches cost more lookups).
 * Figures are CPU time of this process (per core) and wall time; CPU seconds used by other
 * processes during each step are recorded (the machine may be shared).
 */
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { ensureCorpus } from "@/bench/generate-corpus";
import { startCpuProbe, waitForQuiet } from "@/bench/contention";
import { brownDocs } from "@/lib/demo/brown";
import { readArpa, writeArpa } from "@/lib/ngram/arpa";
import { createNgramCounter } from "@/lib/ngram/kneser-ney";
import { createScorer, modelSize, perplexityOf } from "@/lib/ngram/model";
import { DEFAULT_TOKENIZER, forEachToken } from "@/lib/ngram/tokenize";

const measure = <T>(fn: () => T): { value: T; wallSeconds: number; cpuSeconds: number; otherCpuSeconds: number | null } => {
  const probe = startCpuProbe();
  const t = performance.now();
  const value = fn();
  const wallSeconds = (performance.now() - t) / 1000;
  const { ownCpuSeconds, otherCpuSeconds } = probe.stop();
  return { value, wallSeconds: round(wallSeconds), cpuSeconds: round(ownCpuSeconds), otherCpuSeconds };
};
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

type TBenchDoc = { text: string; source: string; genre: string };

/** Reads the corpus's documents in batches (JSON parsing is not timed). */
async function* batches(file: string, size: number): AsyncGenerator<TBenchDoc[]> {
  const rl = readline.createInterface({ input: fs.createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  let batch: TBenchDoc[] = [];
  for await (const line of rl) {
    if (!line) continue;
    batch.push(JSON.parse(line) as TBenchDoc);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

export const benchPerplexity = async (opts: { outDir: string; docs: number; order: number }) => {
  const quiet = await waitForQuiet();
  const brown = brownDocs("paragraphs").filter((d) => !String(d.genre).startsWith("fiction") && d.genre !== "humor");
  const seenGenres = new Set(brown.map((d) => String(d.genre)));

  // Training.
  const counter = createNgramCounter({ order: opts.order });
  const count = measure(() => brown.forEach((d) => counter.addText(d.text)));
  const estimate = measure(() => counter.estimate());
  const { model, stats } = estimate.value;
  const arpa = path.join(opts.outDir, `brown-${opts.order}gram.arpa`);
  const write = measure(() => writeArpa(model, arpa));
  const probe = startCpuProbe();
  let t = performance.now();
  const loaded = await readArpa(arpa);
  const readWall = (performance.now() - t) / 1000;
  const read = probe.stop();
  const ngrams = stats.ngrams.reduce((a, b) => a + b, 0);
  const training = {
    documents: brown.length,
    tokens: stats.tokens,
    ngrams: stats.ngrams,
    modelBytes: modelSize(model).bytes,
    count: { ...count, value: undefined, tokensPerCpuSecond: Math.round(stats.tokens / count.cpuSeconds) },
    estimate: { ...estimate, value: undefined, ngramsPerCpuSecond: Math.round(ngrams / estimate.cpuSeconds) },
    arpaWrite: { ...write, value: undefined, bytes: write.value, mbPerCpuSecond: round(write.value / 1e6 / write.cpuSeconds, 1) },
    arpaRead: { wallSeconds: round(readWall), cpuSeconds: round(read.ownCpuSeconds), otherCpuSeconds: read.otherCpuSeconds, ngramsPerCpuSecond: Math.round(ngrams / read.ownCpuSeconds) },
  };
  console.log("training", JSON.stringify(training));

  // Scoring, with the model read back from its ARPA file.
  const corpus = ensureCorpus(opts.outDir, { docs: opts.docs });
  const scorer = createScorer(loaded.model);
  let docs = 0;
  let bytes = 0;
  let tokens = 0;
  let cpu = 0;
  let wall = 0;
  let other = 0;
  let tokenizeCpu = 0;
  const ppl: Record<"trainedGenres" | "otherBrownGenres" | "ham" | "spam", number[]> = { trainedGenres: [], otherBrownGenres: [], ham: [], spam: [] };
  for await (const batch of batches(corpus.file, 5000)) {
    const p = startCpuProbe();
    t = performance.now();
    for (const d of batch) {
      const s = scorer.scoreText(d.text, DEFAULT_TOKENIZER);
      tokens += s.nTokens;
      const group = d.source === "brown" ? (seenGenres.has(d.genre) ? "trainedGenres" : "otherBrownGenres") : d.genre === "spam" ? "spam" : "ham";
      ppl[group].push(perplexityOf(s.log10Prob, s.nTokens) ?? NaN);
    }
    wall += (performance.now() - t) / 1000;
    const m = p.stop();
    cpu += m.ownCpuSeconds;
    other += m.otherCpuSeconds ?? 0;
    // Tokenizing alone, for the share of the time it takes.
    const q = startCpuProbe();
    for (const d of batch) forEachToken(d.text, DEFAULT_TOKENIZER, () => {}, () => {});
    tokenizeCpu += q.stop().ownCpuSeconds;
    docs += batch.length;
    bytes += batch.reduce((a, x) => a + Buffer.byteLength(x.text), 0);
  }
  const median = (xs: number[]) => (xs.length ? round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)], 1) : null);
  const scoring = {
    documents: docs,
    mb: round(bytes / 1e6, 1),
    tokens,
    cpuSeconds: round(cpu),
    wallSeconds: round(wall),
    otherCpuSeconds: round(other, 1),
    docsPerCpuSecond: Math.round(docs / cpu),
    docsPerWallSecond: Math.round(docs / wall),
    mbPerCpuSecond: round(bytes / 1e6 / cpu, 2),
    tokensPerCpuSecond: Math.round(tokens / cpu),
    tokenizeShare: round(tokenizeCpu / cpu, 2),
    medianPerplexity: Object.fromEntries(Object.entries(ppl).map(([g, xs]) => [g, { docs: xs.length, median: median(xs) }])),
  };
  console.log("scoring", JSON.stringify(scoring));
  fs.rmSync(arpa, { force: true });
  return { order: opts.order, reference: "Brown, non-fiction genres", corpus: { file: path.basename(corpus.file), docs: corpus.docs, bytes: corpus.bytes }, otherSharePrestart: quiet, training, scoring };
};
