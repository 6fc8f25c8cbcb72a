/**
 * Refinement benchmarks: rule programs (generate, parse, execute, acceptance rule) in docs/s and
 * MB/s on one core (in-process), per rule and for two rule sets; then a whole refine run in one
 * worker process (reading shards, programs, executor, both Parquet outputs, finalize), with its CPU
 * time and peak RSS.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { TDoc } from "@/lib/annotate/read-shard-docs";
import { findCorpusByName, listVersions } from "@/lib/corpora/versions";
import { startIngest } from "@/lib/ingest/start-ingest";
import { PROX_ACCEPTANCE } from "@/lib/refine/execute-program";
import { refineDocument } from "@/lib/refine/refine-document";
import { listRefineRules, resolveRules } from "@/lib/refine/rules";
import { startRefine } from "@/lib/refine/start-refine";
import { getRunOrThrow } from "@/lib/runs/get-run";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { startCpuProbe, waitForQuiet } from "@/bench/contention";
import { ensureCorpus as ensureCorpusFile, GENERATOR_VERSION } from "@/bench/generate-corpus";
import { loadVersionDocs, peakRssMb } from "@/bench/stats";

const OUT = path.resolve("bench/out");

/** Every rule that edits lines (drop_failing needs annotations and costs nothing). */
const ALL_LINE_RULES = listRefineRules()
  .filter((r) => r.level === "chunk")
  .map((r) => r.id);
const EMAIL_RULES = ["email_headers", "quoted_replies", "signatures", "mailing_list_footers", "normalize_whitespace"];

const ensureCorpus = async (docs: number): Promise<string> => {
  const name = `bench-refine-${docs}-v${GENERATOR_VERSION}`;
  const existing = findCorpusByName(name);
  // The first version: later versions of this corpus are refinements written by earlier runs.
  if (existing?.currentVersionId) return existing.id;
  const { file } = ensureCorpusFile(OUT, { docs });
  const { corpusId } = startIngest({ name, source: { kind: "path", path: file } }, { trusted: true });
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 50 });
  return corpusId;
};


/**
 * Rule programs for every document, in this process (one core). Besides wall-clock docs/s, the
 * figure per CPU-second of this process is reported: on a shared machine it is the steadier one.
 */
const timeRules = async (docs: TDoc[], ids: string[], mb: number) => {
  const sources = { rules: resolveRules(ids.map((id) => ({ id }))), acceptance: PROX_ACCEPTANCE };
  const otherCoresBefore = await waitForQuiet(0.2, 60);
  const probe = startCpuProbe();
  const t = performance.now();
  let changed = 0;
  for (const d of docs) if (refineDocument({ text: d.text, attrs: {} }, sources).changed) changed++;
  const secs = (performance.now() - t) / 1000;
  const cpu = probe.stop();
  return {
    docsPerSecond: docs.length / secs,
    mbPerSecond: mb / secs,
    docsPerCpuSecond: docs.length / cpu.ownCpuSeconds,
    mbPerCpuSecond: mb / cpu.ownCpuSeconds,
    seconds: secs,
    ownCpuSeconds: cpu.ownCpuSeconds,
    otherCpuSeconds: cpu.otherCpuSeconds,
    otherCoresBefore,
    changedShare: changed / docs.length,
  };
};

/** User + system CPU seconds of a process so far (from /proc/<pid>/stat). */
const processCpuSeconds = (pid: number): number | null => {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
};

/** A refine run executed by one separate worker process: docs/s end to end and the worker's peak RSS. */
const refineInWorker = async (corpusId: string, versionId: string, rules: string[]) => {
  const { runId } = startRefine({ corpusId, versionId, rules: rules.map((id) => ({ id })) });
  const worker = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], { env: { ...process.env }, stdio: "ignore" });
  let peak = 0;
  let cpu: number | null = null;
  const started = performance.now();
  try {
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      peak = Math.max(peak, peakRssMb(worker.pid!) ?? 0);
      cpu = processCpuSeconds(worker.pid!) ?? cpu;
      const run = getRunOrThrow(runId);
      if (run.status === "failed") throw new Error(run.error ?? "refinement failed");
      if (run.status === "succeeded") {
        const secs = (performance.now() - started) / 1000;
        const totals = JSON.parse(run.summaryJson).refine.totals;
        return {
          runId,
          docs: run.itemsDone,
          seconds: secs,
          docsPerSecond: run.itemsDone / secs,
          workerCpuSeconds: cpu,
          docsPerWorkerCpuSecond: cpu ? run.itemsDone / cpu : null,
          workerPeakRssMb: Math.round(peak),
          totals,
        };
      }
    }
  } finally {
    worker.kill("SIGTERM");
  }
};

export const benchRefine = async (docsCount: number) => {
  const corpusId = await ensureCorpus(docsCount);
  // Always the ingested version (v1), even when an earlier bench run made a refinement current.
  const versionId = listVersions(corpusId).find((v) => v.version === 1)!.id;
  const docs = await loadVersionDocs(corpusId, versionId);
  const mb = docs.reduce((a, d) => a + Buffer.byteLength(d.text), 0) / 1e6;
  console.log(`refine bench: ${docs.length} documents, ${mb.toFixed(1)} MB`);
  const perRule: Record<string, { docsPerSecond: number; mbPerSecond: number; docsPerCpuSecond: number }> = {};
  for (const id of ALL_LINE_RULES) {
    const r = await timeRules(docs, [id], mb);
    perRule[id] = { docsPerSecond: r.docsPerSecond, mbPerSecond: r.mbPerSecond, docsPerCpuSecond: r.docsPerCpuSecond };
    console.log("rule", id, perRule[id]);
  }
  const emailSet = await timeRules(docs, EMAIL_RULES, mb);
  console.log("e-mail rules + whitespace, one core", emailSet);
  const allSet = await timeRules(docs, ALL_LINE_RULES, mb);
  console.log("all line rules, one core", allSet);
  const run = await refineInWorker(corpusId, versionId, ALL_LINE_RULES);
  console.log("refine run, all line rules, one worker", run);
  return { docs: docs.length, textMB: mb, perRuleOneCore: perRule, emailRulesOneCore: { rules: EMAIL_RULES, ...emailSet }, allLineRulesOneCore: { rules: ALL_LINE_RULES, ...allSet }, runOneWorker: run };
};
