/**
 * Hostile ingest inputs (`npm run bench -- hostile`): each case runs the real `ingestFiles()` in a
 * child process of its own, so its peak RSS (`process.resourceUsage().maxRSS`) is the case's alone.
 *
 * - zstd and gzip bombs (10 GiB of zeros, no newline) against a 200 MiB decompression cap;
 * - a 50 MB line, skipped (default 32 MiB line cap) and ingested (64 MiB cap);
 * - line splitting on ever longer lines (gzip of zeros without a newline, no cap): time must grow
 *   linearly with size — CPU seconds per GiB (the machine is shared: wall time is noisy) are compared
 *   with a plain decompression of the same file;
 * - 10k/20k/40k rows with one identical id (and identical texts without ids) against as many distinct
 *   rows: the ratio must stay near 1 (it was quadratic: 40k identical > 300 s).
 *
 * Environment: BENCH_HOSTILE_DUP (largest duplicate case, default 40000), BENCH_HOSTILE_LONG_MIB
 * (largest no-newline case, default 2048).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startCpuProbe } from "@/bench/contention";
import { ingestFiles } from "@/lib/ingest/ingest-files";
import { listInputFiles } from "@/lib/ingest/list-input-files";
import { readInputChunks } from "@/lib/ingest/open-input";
import { distinctRows, sameIdRows, writeGzipRunBomb, writeLongLineFile, zstdRunBomb } from "@/tests/fixtures/hostile-inputs";

const MiB = 1 << 20;

type TCaseSpec = { dir: string; textField?: string; idField?: string | null; maxDecompressedMB?: number; maxLineMB?: number; decompressOnly?: boolean };
export type TCaseResult = { seconds: number; cpuSeconds: number; otherCpuSeconds: number | null; maxRssMB: number; docsOut?: number; badRows?: Record<string, number>; error?: string; message?: string };

/** In the child: one ingest (or one plain decompression, the reference) of `spec.dir`. */
const runCase = async (spec: TCaseSpec): Promise<TCaseResult> => {
  const probe = startCpuProbe();
  const t0 = performance.now();
  const base = { maxRssMB: 0 };
  let out: Partial<TCaseResult> = {};
  try {
    if (spec.decompressOnly) {
      const file = listInputFiles(spec.dir).files[0];
      let n = 0;
      for await (const ev of readInputChunks(file.path, file.compression, Number.MAX_SAFE_INTEGER)) if (ev.kind === "data") n += ev.chunk.length;
      out = { message: `${n} bytes decompressed` };
    } else {
      const work = fs.mkdtempSync(path.join(os.tmpdir(), "winnow-hostile-bench-"));
      try {
        const r = await ingestFiles({
          files: listInputFiles(spec.dir).files,
          textField: spec.textField,
          idField: spec.idField,
          defaultSource: "bench",
          workDir: path.join(work, "w"),
          outDir: path.join(work, "o"),
          shardDocs: 100_000,
          shardBytes: 256 * MiB,
          maxDecompressedBytes: (spec.maxDecompressedMB ?? 64 * 1024) * MiB,
          maxLineBytes: (spec.maxLineMB ?? 32) * MiB,
        });
        const first = Object.values(r.summary.samples)[0]?.[0];
        out = { docsOut: r.summary.docsOut, badRows: r.summary.badRows as Record<string, number>, message: first?.message };
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
      }
    }
  } catch (e) {
    out = { error: (e as Error).message };
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = probe.stop();
  return { ...base, ...out, seconds: round(seconds), cpuSeconds: round(cpu.ownCpuSeconds), otherCpuSeconds: cpu.otherCpuSeconds, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) };
};

const round = (x: number) => Math.round(x * 100) / 100;

/** Runs one case in a fresh child process (tsx), returning what it printed. */
const inChild = (spec: TCaseSpec): TCaseResult => {
  const r = spawnSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), path.resolve("bench/ingest-hostile.ts"), "--case", JSON.stringify(spec)], {
    encoding: "utf8",
    maxBuffer: 16 * MiB,
    timeout: 900_000,
  });
  const line = r.stdout.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(line) as TCaseResult;
  } catch {
    throw new Error(`hostile case failed (status ${r.status}): ${r.stderr.slice(-2000)}`);
  }
};

const folder = (root: string, name: string, make: (dir: string) => void): string => {
  const dir = path.join(root, name);
  if (!fs.existsSync(path.join(dir, ".done"))) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    make(dir);
    fs.writeFileSync(path.join(dir, ".done"), "");
  }
  return dir;
};

export const benchHostile = async (opts: { outDir: string; maxDup: number; maxLongMiB: number }) => {
  const root = path.join(opts.outDir, "hostile");
  fs.mkdirSync(root, { recursive: true });
  const results: Record<string, unknown> = { loadAvgAtStart: os.loadavg().map(round) };
  const log = (name: string, r: unknown) => {
    results[name] = r;
    console.log(`  ${name}: ${JSON.stringify(r)}`);
  };

  // 1. Bombs: 10 GiB of zeros, no newline, against a 200 MiB cap.
  const withGood = (d: string) => fs.writeFileSync(path.join(d, "good.jsonl"), distinctRows(1000));
  const zst = folder(root, "zst-bomb-2", (d) => {
    fs.writeFileSync(path.join(d, "bomb.jsonl.zst"), zstdRunBomb(10 * 1024 * MiB));
    withGood(d);
  });
  log("zstBomb10GiB", { inputBytes: fs.statSync(path.join(zst, "bomb.jsonl.zst")).size, ...inChild({ dir: zst, textField: "text", idField: null, maxDecompressedMB: 200 }) });
  const gz = folder(root, "gzip-bomb-2", (d) => {
    writeGzipRunBomb(path.join(d, "bomb.jsonl.gz"), 10 * 1024);
    withGood(d);
  });
  log("gzipBomb10GiB", { inputBytes: fs.statSync(path.join(gz, "bomb.jsonl.gz")).size, ...inChild({ dir: gz, textField: "text", idField: null, maxDecompressedMB: 200 }) });

  // 2. A 50 MB line among 1,000 good rows: skipped under the default cap, kept under a 64 MiB one.
  const long = folder(root, "long-line", (d) => writeLongLineFile(path.join(d, "long.jsonl"), 50 * MiB, 1000, 500));
  log("line50MB_skipped", inChild({ dir: long, textField: "text", idField: "id" }));
  log("line50MB_kept", inChild({ dir: long, textField: "text", idField: "id", maxLineMB: 64 }));

  // 3. Linearity of line splitting: no newline at all, growing sizes, no cap; reference: decompression alone.
  const linear: Record<string, unknown>[] = [];
  for (let mib = opts.maxLongMiB / 4; mib <= opts.maxLongMiB; mib *= 2) {
    const dir = folder(root, `no-newline-${mib}`, (d) => writeGzipRunBomb(path.join(d, "zeros.jsonl.gz"), mib));
    const ingest = inChild({ dir, textField: "text", idField: null });
    const reference = inChild({ dir, decompressOnly: true });
    const gib = mib / 1024;
    linear.push({
      mib,
      ingest,
      reference,
      secondsPerGiB: round(ingest.seconds / gib),
      cpuSecondsPerGiB: round(ingest.cpuSeconds / gib),
      referenceCpuSecondsPerGiB: round(reference.cpuSeconds / gib),
      cpuRatioToReference: round(ingest.cpuSeconds / reference.cpuSeconds),
    });
    console.log(`  noNewline ${mib} MiB: ${JSON.stringify(linear[linear.length - 1])}`);
  }
  results.noNewlineLinearity = linear;

  // 4. Duplicate ids: identical ids, identical texts (content ids), distinct rows.
  const dup: Record<string, unknown>[] = [];
  for (let n = opts.maxDup / 4; n <= opts.maxDup; n *= 2) {
    const same = folder(root, `same-id-${n}`, (d) => fs.writeFileSync(path.join(d, "same.jsonl"), sameIdRows(n, "dup")));
    const sameText = folder(root, `same-text-${n}`, (d) => fs.writeFileSync(path.join(d, "same.jsonl"), sameIdRows(n, null)));
    const distinct = folder(root, `distinct-${n}`, (d) => fs.writeFileSync(path.join(d, "distinct.jsonl"), distinctRows(n)));
    const a = inChild({ dir: same, textField: "text", idField: "id" });
    const b = inChild({ dir: sameText, textField: "text", idField: null });
    const c = inChild({ dir: distinct, textField: "text", idField: "id" });
    dup.push({
      rows: n,
      identicalIds: a,
      identicalTexts: b,
      distinct: c,
      ratioIdenticalIdsToDistinct: round(a.seconds / c.seconds),
      ratioIdenticalTextsToDistinct: round(b.seconds / c.seconds),
      cpuRatioIdenticalIdsToDistinct: round(a.cpuSeconds / c.cpuSeconds),
      cpuRatioIdenticalTextsToDistinct: round(b.cpuSeconds / c.cpuSeconds),
    });
    console.log(`  duplicates ${n}: ${JSON.stringify(dup[dup.length - 1])}`);
  }
  results.duplicateIds = dup;
  results.loadAvgAtEnd = os.loadavg().map(round);
  return results;
};

if (process.argv[2] === "--case") {
  void runCase(JSON.parse(process.argv[3]) as TCaseSpec).then((r) => {
    console.log(JSON.stringify(r));
    process.exit(0);
  });
}
