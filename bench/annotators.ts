/**
 * Annotator benchmarks: docs/s and MB/s per annotator on one core (in-process), then an annotation
 * run with every annotator in a separate worker process, sampling its peak RSS, on two corpus sizes.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { listSelfContainedAnnotators } from "@/lib/annotators";
import { startAnnotate } from "@/lib/annotate/start-annotate";
import { findCorpusByName } from "@/lib/corpora/versions";
import { startIngest } from "@/lib/ingest/start-ingest";
import { getRunOrThrow } from "@/lib/runs/get-run";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { ensureCorpus as ensureCorpusFile, GENERATOR_VERSION } from "@/bench/generate-corpus";
import { loadVersionDocs, peakRssMb } from "@/bench/stats";

const OUT = path.resolve("bench/out");

/** A bench corpus of `docs` real-text documents; `shardDocs` overrides the shard size (WINNOW_SHARD_DOCS). */
const ensureCorpus = async (docs: number, shardDocs?: number): Promise<string> => {
  const name = `bench-annotators-${docs}${shardDocs ? `-shard${shardDocs}` : ""}-v${GENERATOR_VERSION}`;
  const existing = findCorpusByName(name);
  if (existing?.currentVersionId) return existing.id;
  const { file } = ensureCorpusFile(OUT, { docs });
  const before = process.env.WINNOW_SHARD_DOCS;
  if (shardDocs) process.env.WINNOW_SHARD_DOCS = String(shardDocs);
  try {
    const { corpusId } = startIngest({ name, source: { kind: "path", path: file } }, { trusted: true });
    await runWorkerLoop({ exitWhenIdle: true, idleMs: 50 });
    return corpusId;
  } finally {
    if (before === undefined) delete process.env.WINNOW_SHARD_DOCS;
    else process.env.WINNOW_SHARD_DOCS = before;
  }
};

/** Shard size of the corpora the memory runs use: the corpus grows in shards, each task's input stays the same size. */
const MEMORY_SHARD_DOCS = 10_000;



/** Resident memory (VmRSS) of a process now, in MB. */
const rssMb = (pid: number): number | null => {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
};

/**
 * Runs every annotator over a corpus in one worker process; returns docs/s, the worker's peak RSS
 * (VmHWM), and its highest sampled RSS in each quarter of the documents: memory that stays flat
 * as the run goes on peaks early (models loaded, garbage collector warmed up) and not again later.
 */
const annotateInWorker = async (corpusId: string) => {
  const ids = listSelfContainedAnnotators().map((a) => ({ id: a.id }));
  const { runId } = startAnnotate({ corpusId, annotators: ids });
  const worker = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], { env: { ...process.env }, stdio: "ignore" });
  let peak = 0;
  const byQuarter = [0, 0, 0, 0];
  const started = performance.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    peak = Math.max(peak, peakRssMb(worker.pid!) ?? 0);
    const run = getRunOrThrow(runId);
    const q = Math.min(3, Math.floor((4 * run.itemsDone) / Math.max(1, run.itemsTotal)));
    byQuarter[q] = Math.max(byQuarter[q], rssMb(worker.pid!) ?? 0);
    if (run.status === "succeeded" || run.status === "failed") {
      worker.kill("SIGTERM");
      if (run.status === "failed") throw new Error(run.error ?? "annotation failed");
      const secs = (performance.now() - started) / 1000;
      return { docs: run.itemsDone, seconds: secs, docsPerSecond: run.itemsDone / secs, workerPeakRssMb: Math.round(peak), workerRssMbByQuarter: byQuarter.map(Math.round) };
    }
  }
};

export const benchAnnotators = async (docsPerAnnotator: number, memorySizes: number[]) => {
  const corpusId = await ensureCorpus(docsPerAnnotator);
  const docs = await loadVersionDocs(corpusId);
  const mb = docs.reduce((a, d) => a + Buffer.byteLength(d.text), 0) / 1e6;
  const perAnnotator: Record<string, { docsPerSecond: number; mbPerSecond: number }> = {};
  for (const a of listSelfContainedAnnotators()) {
    const config = a.configSchema.parse({});
    const t = performance.now();
    for (let i = 0; i < docs.length; i += 1000) await a.annotate(docs.slice(i, i + 1000), config);
    const secs = (performance.now() - t) / 1000;
    perAnnotator[a.id] = { docsPerSecond: docs.length / secs, mbPerSecond: mb / secs };
    console.log("annotator", a.id, perAnnotator[a.id]);
  }
  const runs: Record<string, unknown> = {};
  for (const size of memorySizes) {
    runs[String(size)] = { shardDocs: MEMORY_SHARD_DOCS, ...(await annotateInWorker(await ensureCorpus(size, MEMORY_SHARD_DOCS))) };
    console.log("all annotators in one worker", size, runs[String(size)]);
  }
  return { docs: docs.length, textMB: mb, perAnnotatorOneCore: perAnnotator, allAnnotatorsRun: runs };
};
