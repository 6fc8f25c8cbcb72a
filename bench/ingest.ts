/**
 * Ingest throughput: Winnow's real `ingestFiles()` on a ≥ 1 GB real-text JSONL (and its .gz),
 * against DuckDB's own `COPY (SELECT * FROM read_json(...)) TO parquet` on the same file, plus a
 * breakdown of where Winnow's time goes (Node read/validate pass vs DuckDB conversion pass).
 */
import { isUtf8 } from "node:buffer";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { startCpuProbe, waitForQuiet } from "@/bench/contention";
import { ensureCorpus } from "@/bench/generate-corpus";
import { ingestFiles } from "@/lib/ingest/ingest-files";
import { listInputFiles } from "@/lib/ingest/list-input-files";
import { readInputChunks, splitLines } from "@/lib/ingest/open-input";
import { readInputFile, type TInputFile } from "@/lib/ingest/read-input-file";
import { RecordAcceptor } from "@/lib/ingest/record-acceptor";
import { StagingWriter } from "@/lib/ingest/staging-writer";
import { convertStagingFile } from "@/lib/ingest/write-shards";
import { quoteLiteral } from "@/lib/duckdb/instance";

const MiB = 1 << 20;
const SHARD_DOCS = 100_000;
const SHARD_BYTES = 256 * MiB;
const MAX_DECOMPRESSED = 1e13;

type TTimed = { seconds: number; cpuSeconds: number; peakRssMB: number; otherCpuSeconds: number | null; quietShareBefore: number | null };

/**
 * Wall and process CPU time (all threads, DuckDB's included) of `fn`, with peak RSS sampled, after
 * waiting for the machine to be quiet; `otherCpuSeconds` is what other processes used meanwhile.
 */
const timed = async <T>(fn: () => Promise<T>): Promise<TTimed & { value: T }> => {
  const quietShareBefore = await waitForQuiet();
  const probe = startCpuProbe();
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 200);
  const t0 = performance.now();
  try {
    const value = await fn();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = probe.stop();
    return { value, seconds, cpuSeconds: cpu.ownCpuSeconds, otherCpuSeconds: cpu.otherCpuSeconds, quietShareBefore, peakRssMB: Math.round(Math.max(peak, process.memoryUsage.rss()) / MiB) };
  } finally {
    clearInterval(sampler);
  }
};

const dirBytes = (dir: string): number => (fs.existsSync(dir) ? fs.readdirSync(dir).reduce((a, f) => a + fs.statSync(path.join(dir, f)).size, 0) : 0);

/** One run of Winnow's ingest; the read phase ends when `ingestFiles` reports the `write` phase. */
export const winnowIngest = async (files: TInputFile[], scratch: string) => {
  const outDir = path.join(scratch, "winnow-shards");
  const workDir = path.join(scratch, "winnow-work");
  let t0 = 0;
  let readDone = 0;
  const r = await timed(() => {
    t0 = performance.now();
    return ingestFiles({
      files,
      textField: "text",
      idField: "id",
      defaultSource: "bench",
      workDir,
      outDir,
      shardDocs: SHARD_DOCS,
      shardBytes: SHARD_BYTES,
      maxDecompressedBytes: MAX_DECOMPRESSED,
      onPhase: (phase) => {
        if (phase === "write") readDone = performance.now();
      },
    });
  });
  const out = { seconds: r.seconds, cpuSeconds: r.cpuSeconds, otherCpuSeconds: r.otherCpuSeconds, peakRssMB: r.peakRssMB, readPhaseSeconds: (readDone - t0) / 1000, docs: r.value.summary.docsOut, badRows: r.value.summary.badRowTotal, shards: r.value.summary.shards, outBytes: dirBytes(outDir) };
  fs.rmSync(outDir, { recursive: true, force: true });
  return out;
};

/** DuckDB's own JSON → zstd Parquet copy of the same file, on a fresh instance. */
export const duckdbCopy = async (file: string, scratch: string) => {
  const out = path.join(scratch, "duckdb-copy.parquet");
  const r = await timed(async () => {
    const inst = await DuckDBInstance.create(":memory:");
    const conn = await inst.connect();
    try {
      await conn.run(`COPY (SELECT * FROM read_json(${quoteLiteral(file)}, format = 'newline_delimited')) TO ${quoteLiteral(out)} (FORMAT parquet, COMPRESSION zstd)`);
    } finally {
      conn.closeSync();
      inst.closeSync();
    }
  });
  const outBytes = fs.statSync(out).size;
  fs.rmSync(out, { force: true });
  return { seconds: r.seconds, cpuSeconds: r.cpuSeconds, otherCpuSeconds: r.otherCpuSeconds, peakRssMB: r.peakRssMB, outBytes };
};

const gzipFile = (src: string, dst: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const tmp = `${dst}.tmp-${process.pid}`;
    const out = fs.createWriteStream(tmp);
    const p = spawn("gzip", ["-c", "-6", src], { stdio: ["ignore", "pipe", "inherit"] });
    p.stdout.pipe(out);
    p.on("error", reject);
    p.on("close", (code) => {
      out.close(() => {
        if (code !== 0) return reject(new Error(`gzip exited with ${code}`));
        fs.renameSync(tmp, dst);
        resolve();
      });
    });
  });

/** Where the time of one Winnow ingest goes, each stage run on its own (nothing overlapped). */
export const profileIngest = async (file: TInputFile, scratch: string) => {
  const workDir = path.join(scratch, "profile");
  fs.rmSync(workDir, { recursive: true, force: true });
  const stages: Record<string, TTimed & { note: string }> = {};
  const stage = async (name: string, note: string, fn: () => Promise<unknown>) => {
    const r = await timed(fn);
    stages[name] = { seconds: r.seconds, cpuSeconds: r.cpuSeconds, otherCpuSeconds: r.otherCpuSeconds, quietShareBefore: r.quietShareBefore, peakRssMB: r.peakRssMB, note };
    console.log(`  profile ${name}: ${r.seconds.toFixed(2)} s wall, ${r.cpuSeconds.toFixed(2)} CPU-s (others: ${r.otherCpuSeconds ?? "?"} CPU-s)`);
  };
  let lines = 0;
  await stage("1_read_split_lines", "readInputChunks + splitLines only (I/O, decompression, line splitting)", async () => {
    for await (const _ of splitLines(readInputChunks(file.path, file.compression, MAX_DECOMPRESSED), () => {}, () => {})) lines++;
  });
  await stage("2_plus_utf8_check_decode_parse", "+ isUtf8 + toString + JSON.parse of each line (no staging write)", async () => {
    for await (const line of splitLines(readInputChunks(file.path, file.compression, MAX_DECOMPRESSED), () => {}, () => {})) {
      if (!isUtf8(line.buf)) continue;
      JSON.parse(line.buf.toString("utf8"));
    }
  });
  // The complete Node pass of ingestFiles: RecordAcceptor → StagingWriter (NDJSON staging files), no Parquet.
  const writer = new StagingWriter(path.join(workDir, "staging"), SHARD_DOCS, SHARD_BYTES);
  const acceptor = new RecordAcceptor({ textField: "text", idField: "id" }, writer);
  await stage("3_node_pass_full", "readInputFile → RecordAcceptor (utf-8 check, JSON.parse, validation, id set, type tracking) → StagingWriter", async () => {
    await readInputFile(file, { acceptor, defaultSource: "bench", scratchDir: path.join(workDir, "scratch"), maxDecompressedBytes: MAX_DECOMPRESSED, maxLineBytes: 1 << 30, maxTextFileBytes: 1 << 30, onBytes: () => {}, checkpoint: () => {} });
  });
  const staging = writer.close();
  const stagingBytes = staging.reduce((a, s) => a + s.bytes, 0);
  const metadata = acceptor.metadataFields();
  await stage("4_duckdb_pass", "convertStagingFile on every staging file, one after another (read_json with explicit columns → zstd Parquet, then a count check)", async () => {
    for (const [idx, s] of staging.entries()) await convertStagingFile(s, idx, "text", metadata, path.join(workDir, "shards"));
  });
  await stage("5_duckdb_json_parse_only", "DuckDB alone parsing the original input: CREATE TABLE AS read_json with explicit columns (no Parquet), for comparison with the Node pass", async () => {
    const inst = await DuckDBInstance.create(":memory:");
    const conn = await inst.connect();
    try {
      const cols = `{'id': 'VARCHAR', 'text': 'VARCHAR', 'source': 'VARCHAR', ${metadata.filter((m) => m.field !== "source").map((m) => `${quoteLiteral(m.field)}: ${quoteLiteral(m.duckType)}`).join(", ")}}`;
      await conn.run(`CREATE TABLE t AS SELECT * FROM read_json(${quoteLiteral(file.path)}, format = 'newline_delimited', columns = ${cols})`);
    } finally {
      conn.closeSync();
      inst.closeSync();
    }
  });
  fs.rmSync(workDir, { recursive: true, force: true });
  return { lines, stagingBytes, stages, nodePassComponents: await nodePassComponents(file, path.join(scratch, "components")) };
};

/**
 * The Node pass taken apart on the first `maxLines` lines held in memory: each step of
 * RecordAcceptor/StagingWriter timed on its own (single thread), then the real pass on the same lines.
 */
const nodePassComponents = async (file: TInputFile, dir: string, maxLines = 100_000) => {
  const lines: Buffer[] = [];
  for await (const l of splitLines(readInputChunks(file.path, file.compression, MAX_DECOMPRESSED), () => {}, () => {})) {
    lines.push(Buffer.from(l.buf));
    if (lines.length >= maxLines) break;
  }
  const mb = lines.reduce((a, b) => a + b.length, 0) / 1e6;
  await waitForQuiet();
  const steps: Record<string, number> = {};
  const step = (name: string, fn: () => void) => {
    const t = performance.now();
    fn();
    steps[name] = Math.round(performance.now() - t);
  };
  let strs: string[] = [];
  let objs: Record<string, unknown>[] = [];
  step("isUtf8", () => lines.forEach((b) => isUtf8(b)));
  step("buf.toString('utf8')", () => (strs = lines.map((b) => b.toString("utf8"))));
  step("JSON.parse", () => (objs = strs.map((x) => JSON.parse(x) as Record<string, unknown>)));
  step("text.trim() + isWellFormed()", () => objs.forEach((o) => (o.text as string).trim() !== "" && (o.text as string).isWellFormed()));
  step("n_chars code-point count (surrogate regex test)", () => objs.forEach((o) => /[\uD800-\uDFFF]/.test(o.text as string)));
  step("id Set + per-key type tracking", () => {
    const ids = new Set<string>();
    const kinds = new Map<string, Set<string>>();
    for (const o of objs) {
      ids.add(String(o.id));
      for (const k in o) if (k !== "text" && k !== "id") (kinds.get(k) ?? kinds.set(k, new Set()).get(k)!).add(typeof o[k]);
    }
  });
  step("staging prefix Buffer.from", () => objs.forEach((o) => Buffer.from(`{"__winnow_id":${JSON.stringify(o.id)},"__winnow_source":${JSON.stringify(o.source)},`, "utf8")));
  fs.rmSync(dir, { recursive: true, force: true });
  step("StagingWriter.write (concat + writeSync)", () => {
    const w = new StagingWriter(path.join(dir, "w"), SHARD_DOCS, SHARD_BYTES);
    for (const b of lines) w.write([PREFIX, b.subarray(1)]);
    w.close();
  });
  const writer = new StagingWriter(path.join(dir, "real"), SHARD_DOCS, SHARD_BYTES);
  const acceptor = new RecordAcceptor({ textField: "text", idField: "id" }, writer);
  step("whole RecordAcceptor.acceptLine pass", () => {
    lines.forEach((buf, i) => acceptor.acceptLine(file.name, { lineNo: i + 1, buf }, "bench"));
    writer.close();
  });
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`  node pass components (${lines.length} lines, ${mb.toFixed(0)} MB, ms):`, steps);
  return { lines: lines.length, mb, ms: steps };
};

const PREFIX = Buffer.from('{"__winnow_id":"doc-00000000","__winnow_source":"brown",');

export type TIngestBenchOptions = { outDir: string; targetBytes: number; seed: number; reps: number; gzip: boolean; profile: boolean };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

export const benchIngest = async (o: TIngestBenchOptions) => {
  const corpus = ensureCorpus(o.outDir, { targetBytes: o.targetBytes, seed: o.seed });
  console.log(`corpus ${corpus.file}: ${corpus.docs} docs, ${(corpus.bytes / 1e6).toFixed(1)} MB${corpus.cached ? " (cached)" : ` generated in ${corpus.seconds.toFixed(1)} s`}`);
  const scratch = path.join(o.outDir, "ingest-scratch");
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(scratch, { recursive: true });
  const inputs: { label: string; path: string }[] = [{ label: "jsonl", path: corpus.file }];
  if (o.gzip) {
    const gz = `${corpus.file}.gz`;
    if (!fs.existsSync(gz) || fs.statSync(gz).mtimeMs < fs.statSync(corpus.file).mtimeMs) {
      const t = performance.now();
      await gzipFile(corpus.file, gz);
      console.log(`gzipped to ${gz} (${(fs.statSync(gz).size / 1e6).toFixed(1)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    inputs.push({ label: "jsonl.gz", path: gz });
  }
  const results: Record<string, unknown> = {};
  for (const input of inputs) {
    results[input.label] = {};
    const { files } = listInputFiles(input.path);
    const fileBytes = files.reduce((a, f) => a + f.size, 0);
    const winnow: Awaited<ReturnType<typeof winnowIngest>>[] = [];
    const duck: Awaited<ReturnType<typeof duckdbCopy>>[] = [];
    if (o.reps === 0) continue;
    for (let i = 0; i < o.reps; i++) {
      const w = await winnowIngest(files, scratch);
      if (w.docs !== corpus.docs) throw new Error(`Winnow ingested ${w.docs} docs, expected ${corpus.docs}`);
      winnow.push(w);
      console.log(`  ${input.label} winnow #${i + 1}: ${w.seconds.toFixed(2)} s (${(corpus.bytes / 1e6 / w.seconds).toFixed(0)} MB/s), read phase ${w.readPhaseSeconds.toFixed(2)} s, ${w.cpuSeconds.toFixed(1)} CPU-s, peak RSS ${w.peakRssMB} MB, others ${w.otherCpuSeconds ?? "?"} CPU-s`);
      const d = await duckdbCopy(input.path, scratch);
      duck.push(d);
      console.log(`  ${input.label} duckdb #${i + 1}: ${d.seconds.toFixed(2)} s (${(corpus.bytes / 1e6 / d.seconds).toFixed(0)} MB/s), ${d.cpuSeconds.toFixed(1)} CPU-s, others ${d.otherCpuSeconds ?? "?"} CPU-s`);
    }
    const wSec = median(winnow.map((w) => w.seconds));
    const dSec = median(duck.map((d) => d.seconds));
    results[input.label] = {
      file: path.relative(process.cwd(), input.path),
      fileMB: fileBytes / 1e6,
      uncompressedMB: corpus.bytes / 1e6,
      docs: corpus.docs,
      reps: o.reps,
      winnow: {
        medianSeconds: wSec,
        bestSeconds: Math.min(...winnow.map((w) => w.seconds)),
        mbPerSecond: corpus.bytes / 1e6 / wSec,
        docsPerSecond: corpus.docs / wSec,
        medianCpuSeconds: median(winnow.map((w) => w.cpuSeconds)),
        medianReadPhaseSeconds: median(winnow.map((w) => w.readPhaseSeconds)),
        peakRssMB: Math.max(...winnow.map((w) => w.peakRssMB)),
        shards: winnow[0].shards,
        outMB: winnow[0].outBytes / 1e6,
        runs: winnow.map((w) => w.seconds),
        otherCpuSeconds: winnow.map((w) => w.otherCpuSeconds),
      },
      duckdb: {
        medianSeconds: dSec,
        bestSeconds: Math.min(...duck.map((d) => d.seconds)),
        mbPerSecond: corpus.bytes / 1e6 / dSec,
        docsPerSecond: corpus.docs / dSec,
        medianCpuSeconds: median(duck.map((d) => d.cpuSeconds)),
        peakRssMB: Math.max(...duck.map((d) => d.peakRssMB)),
        outMB: duck[0].outBytes / 1e6,
        runs: duck.map((d) => d.seconds),
        otherCpuSeconds: duck.map((d) => d.otherCpuSeconds),
      },
      ratio: wSec / dSec,
    };
  }
  if (o.profile) {
    for (const input of inputs) {
      console.log(`profiling ${input.label}`);
      const { files } = listInputFiles(input.path);
      (results[input.label] as Record<string, unknown>).profile = await profileIngest(files[0], scratch);
    }
  }
  fs.rmSync(scratch, { recursive: true, force: true });
  return { corpus: { file: path.relative(process.cwd(), corpus.file), docs: corpus.docs, mb: corpus.bytes / 1e6, generatedSeconds: corpus.cached ? null : corpus.seconds }, ...results };
};
