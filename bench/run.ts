/**
 * `npm run bench [-- ingest|table|recipes|load|annotators|inference|perplexity|refine|fasttext|student|hostile ...]`: benchmarks on generated real-text corpora.
 * Everything lives under bench/out/ (git-ignored) and is reused between runs: the corpora, and a
 * separate data dir (bench/out/data, or BENCH_DATA_DIR) with its own metadata DB.
 *
 * Environment:
 *   BENCH_SIZE_MB          ingest corpus size (default 1100)
 *   BENCH_REPS             ingest repetitions, Winnow and DuckDB alternating (default 3; 0 = profile only)
 *   BENCH_GZIP=0           skip the .jsonl.gz ingest
 *   BENCH_PROFILE=0        skip the ingest time breakdown
 *   BENCH_TABLE_DOCS       documents in the table corpus (default 1,000,000)
 *   BENCH_RUNS             timed runs per table case (default 30, after 3 warm-ups)
 *   BENCH_SEARCH_RUNS      timed runs per text-search case (default 30)
 *   BENCH_LOAD_CORPORA     corpora of the load bench: demo, 1m or both (default demo,1m; 1m = BENCH_TABLE_DOCS docs)
 *   BENCH_LOAD_SECONDS     load duration per corpus (default 60); BENCH_LOAD_TABLE_CLIENTS (50), BENCH_LOAD_PREVIEW_CLIENTS (10)
 *   BENCH_LOAD_THINK_MS    mean pause of a table client between requests (default 500; 0 = back to back);
 *                          BENCH_LOAD_PREVIEW_THINK_MS for preview clients (default 2000)
 *   BENCH_ANNOTATOR_DOCS   annotator corpus (default 100,000)
 *   BENCH_MEMORY_DOCS      corpus sizes for the all-annotators worker run (default 20000,60000)
 *   BENCH_PERPLEXITY_DOCS  documents scored by the perplexity benchmark (default 100,000)
 *   BENCH_NGRAM_ORDER      order of the benchmark's n-gram model (default 5)
 *   BENCH_REFINE_DOCS      refinement corpus (default 100,000)
 *   BENCH_MODEL_DOCS       documents scored by the fasttext and student benchmarks (default 100,000)
 *   BENCH_FASTTEXT_TRAIN   documents the fasttext benchmark's classifier is trained on (default 20,000)
 *   BENCH_STUDENT_RATED    rated sample of the student benchmark (default 5,000)
 *   BENCH_HOSTILE_DUP      largest duplicate-id case of the hostile-input bench (default 40000)
 *   BENCH_HOSTILE_LONG_MIB largest no-newline gzip of the hostile-input bench (default 2048)
 *   BENCH_SEED             corpus seed (default 42)
 *   BENCH_INFERENCE_DOCS   documents per inference case (default 20,000); BENCH_INFERENCE_CONCURRENCY (64), BENCH_INFERENCE_LATENCY_MS (20)
 *   BENCH_DATA_DIR         data dir for ingested corpora (default bench/out/data); results then go to
 *                          <dir>/bench-results.json instead of bench/out/results.json
 * Results: printed, and merged into bench/out/results.json (one section per benchmark).
 */
import { execSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const OUT = path.resolve("bench/out");
// Set before any lib module reads the config: the benchmarks never touch the real data dir.
process.env.WINNOW_DATA_DIR = path.resolve(process.env.BENCH_DATA_DIR ?? path.join(OUT, "data"));

const num = (name: string, dflt: number, allowZero = false): number => {
  const v = process.env[name];
  if (v === undefined || v === "") return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || (n === 0 && !allowZero)) throw new Error(`${name} must be a positive number, got "${v}"`);
  return n;
};

const KNOWN = ["ingest", "table", "recipes", "load", "annotators", "inference", "perplexity", "refine", "fasttext", "student", "hostile"] as const;
type TBench = (typeof KNOWN)[number];

const machine = () => {
  let model = os.cpus()[0]?.model ?? "unknown";
  try {
    model = execSync("lscpu", { encoding: "utf8" }).match(/^Model name:\s*(.+)$/m)?.[1]?.trim() ?? model;
  } catch {
    // lscpu missing: keep os.cpus()
  }
  return { nproc: os.availableParallelism(), cpuModel: model, memGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10, node: process.version, platform: `${os.type()} ${os.release()}` };
};

const fmt = (x: unknown, digits = 1): string => (typeof x === "number" ? x.toFixed(digits) : String(x ?? "—"));

const main = async () => {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !(KNOWN as readonly string[]).includes(a));
  if (unknown.length) throw new Error(`Unknown benchmark(s): ${unknown.join(", ")}. Choose from: ${KNOWN.join(", ")} (none = all)`);
  const which = new Set<TBench>(args.length ? (args as TBench[]) : KNOWN);
  fs.mkdirSync(OUT, { recursive: true });
  const seed = num("BENCH_SEED", 42);
  const { version: duckdbVersion } = JSON.parse(fs.readFileSync("node_modules/@duckdb/node-api/package.json", "utf8")) as { version: string };
  const header = { machine: machine(), date: new Date().toISOString(), command: `npm run bench${args.length ? ` -- ${args.join(" ")}` : ""}`, duckdbNodeApi: duckdbVersion, dataDir: process.env.WINNOW_DATA_DIR };
  console.log(JSON.stringify(header));
  const sections: Record<string, unknown> = {};
  const failures: string[] = [];
  const section = async (name: TBench, fn: () => Promise<unknown>) => {
    if (!which.has(name)) return;
    console.log(`\n== ${name}`);
    const t = performance.now();
    try {
      const res = (await fn()) as Record<string, unknown>;
      // A profile-only ingest run (BENCH_REPS=0) is kept apart from the timed one.
      const key = name === "ingest" && num("BENCH_REPS", 3, true) === 0 ? "ingestProfileOnly" : name;
      sections[key] = { ...header, seconds: Math.round((performance.now() - t) / 100) / 10, ...res };
    } catch (e) {
      console.error(`${name} failed:`, e);
      failures.push(name);
    }
  };

  await section("ingest", async () => {
    const { benchIngest } = await import("@/bench/ingest");
    return benchIngest({
      outDir: OUT,
      targetBytes: num("BENCH_SIZE_MB", 1100) * 1e6,
      seed,
      reps: num("BENCH_REPS", 3, true),
      gzip: process.env.BENCH_GZIP !== "0",
      profile: process.env.BENCH_PROFILE !== "0",
    });
  });
  await section("table", async () => {
    const { benchTable } = await import("@/bench/table");
    return benchTable({ outDir: OUT, docs: num("BENCH_TABLE_DOCS", 1_000_000), seed, runs: num("BENCH_RUNS", 30), searchRuns: num("BENCH_SEARCH_RUNS", 30) });
  });
  await section("recipes", async () => {
    // Recipe preview/export on the table corpus (bench/recipes.ts).
    const { ensureTableCorpus, tableCorpusName } = await import("@/bench/table");
    const { benchRecipes } = await import("@/bench/recipes");
    const docs = num("BENCH_TABLE_DOCS", 1_000_000);
    await ensureTableCorpus(OUT, docs, seed);
    const out = path.join(OUT, "recipes-scratch");
    try {
      return (await benchRecipes(tableCorpusName(docs, seed), out)) as Record<string, unknown>;
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
  await section("load", async () => {
    // 50 table + 10 preview clients on the demo corpus and on the table corpus (bench/load.ts).
    const { benchLoad } = await import("@/bench/load");
    const corpora = (process.env.BENCH_LOAD_CORPORA ?? "demo,1m").split(",").filter(Boolean);
    const opts = {
      tableClients: num("BENCH_LOAD_TABLE_CLIENTS", 50),
      previewClients: num("BENCH_LOAD_PREVIEW_CLIENTS", 10, true),
      seconds: num("BENCH_LOAD_SECONDS", 60),
      thinkMs: num("BENCH_LOAD_THINK_MS", 500, true),
      previewThinkMs: num("BENCH_LOAD_PREVIEW_THINK_MS", 2000, true),
      seed,
    };
    const out: Record<string, unknown> = {};
    for (const c of corpora) {
      if (c === "demo") {
        const { DEMO_CORPUS_NAME, ensureDemoCorpus } = await import("@/lib/demo/ensure-demo-corpus");
        const { findCorpusByName } = await import("@/lib/corpora/versions");
        await ensureDemoCorpus((m) => console.log(`  ${m}`));
        out.demo = await benchLoad({ ...opts, corpusId: findCorpusByName(DEMO_CORPUS_NAME)!.id, label: "demo" });
      } else if (c === "1m") {
        const { ensureTableCorpus } = await import("@/bench/table");
        const corpus = await ensureTableCorpus(OUT, num("BENCH_TABLE_DOCS", 1_000_000), seed);
        out.table = await benchLoad({ ...opts, corpusId: corpus.corpusId, label: "1m" });
      } else throw new Error(`BENCH_LOAD_CORPORA: unknown corpus "${c}" (demo, 1m)`);
    }
    return out;
  });
  await section("annotators", async () => {
    const { benchAnnotators } = await import("@/bench/annotators");
    // Peak worker memory is compared on two corpus sizes: it must stay flat as the corpus grows.
    const sizes = (process.env.BENCH_MEMORY_DOCS ?? "20000,60000").split(",").map(Number);
    return benchAnnotators(num("BENCH_ANNOTATOR_DOCS", 100_000), sizes);
  });

  await section("inference", async () => {
    // Orchestrator throughput against the local inference server (bench/inference.ts).
    const { benchInference } = await import("@/bench/inference");
    return benchInference({ docs: num("BENCH_INFERENCE_DOCS", 20_000), concurrency: num("BENCH_INFERENCE_CONCURRENCY", 64), latencyMs: num("BENCH_INFERENCE_LATENCY_MS", 20, true) });
  });
  await section("perplexity", async () => {
    // N-gram training on Brown and perplexity scoring per core (bench/perplexity.ts).
    const { benchPerplexity } = await import("@/bench/perplexity");
    return benchPerplexity({ outDir: OUT, docs: num("BENCH_PERPLEXITY_DOCS", 100_000), order: num("BENCH_NGRAM_ORDER", 5) });
  });
  await section("refine", async () => {
    const { benchRefine } = await import("@/bench/refine");
    return benchRefine(num("BENCH_REFINE_DOCS", 100_000));
  });
  await section("fasttext", async () => {
    const { benchFastText } = await import("@/bench/fasttext");
    return benchFastText(OUT, num("BENCH_MODEL_DOCS", 100_000), num("BENCH_FASTTEXT_TRAIN", 20_000));
  });
  await section("student", async () => {
    const { benchStudent } = await import("@/bench/student");
    return benchStudent(OUT, num("BENCH_MODEL_DOCS", 100_000), num("BENCH_STUDENT_RATED", 5_000));
  });
  await section("hostile", async () => {
    // Decompression bombs, huge lines, duplicate ids (bench/ingest-hostile.ts).
    const { benchHostile } = await import("@/bench/ingest-hostile");
    return benchHostile({ outDir: OUT, maxDup: num("BENCH_HOSTILE_DUP", 40_000), maxLongMiB: num("BENCH_HOSTILE_LONG_MIB", 2048) });
  });

  // Summary table.
  const rows: string[][] = [["benchmark", "case", "figure"]];
  const ingest = sections.ingest as Record<string, unknown> | undefined;
  for (const label of ["jsonl", "jsonl.gz"]) {
    const r = ingest?.[label] as { winnow: Record<string, number>; duckdb: Record<string, number>; ratio: number } | undefined;
    if (!r) continue;
    rows.push(["ingest", `${label} Winnow ingestFiles`, `${fmt(r.winnow.mbPerSecond)} MB/s, ${fmt(r.winnow.docsPerSecond, 0)} docs/s (${fmt(r.winnow.medianSeconds, 2)} s)`]);
    rows.push(["ingest", `${label} DuckDB COPY → parquet`, `${fmt(r.duckdb.mbPerSecond)} MB/s, ${fmt(r.duckdb.docsPerSecond, 0)} docs/s (${fmt(r.duckdb.medianSeconds, 2)} s)`]);
    rows.push(["ingest", `${label} ratio Winnow/DuckDB`, `${fmt(r.ratio, 2)}×`]);
  }
  const table = sections.table as { cases: Record<string, { p50: number; p95: number; coldMs: number }>; indexBuildMs: number } | undefined;
  if (table) {
    rows.push(["table", "first query (index build)", `${table.indexBuildMs} ms`]);
    for (const [name, c] of Object.entries(table.cases)) rows.push(["table", name, `p50 ${fmt(c.p50)} ms, p95 ${fmt(c.p95)} ms (cold ${fmt(c.coldMs, 0)} ms)`]);
  }
  const recipes = sections.recipes as { previewMs?: { p50: number; p95: number }; export?: { outputMBps: number; docsPerSecond: number } } | undefined;
  if (recipes?.previewMs) rows.push(["recipes", "preview", `p50 ${fmt(recipes.previewMs.p50)} ms, p95 ${fmt(recipes.previewMs.p95)} ms`]);
  if (recipes?.export) rows.push(["recipes", "export", `${fmt(recipes.export.outputMBps)} MB/s out, ${fmt(recipes.export.docsPerSecond, 0)} docs/s`]);
  type TLoadKind = { requests: number; errors: number; p50: number | null; p95: number | null; p99: number | null };
  const load = sections.load as Record<string, { table: TLoadKind; preview: TLoadKind; loadAverageBefore: number[] }> | undefined;
  for (const [name, r] of Object.entries(load ?? {})) {
    if (!r?.table) continue;
    for (const kind of ["table", "preview"] as const) {
      const k = r[kind];
      rows.push(["load", `${name} ${kind}`, `${k.requests} requests, ${k.errors} errors, p50 ${fmt(k.p50)} ms, p95 ${fmt(k.p95)} ms, p99 ${fmt(k.p99)} ms (load avg ${fmt(r.loadAverageBefore[0], 2)})`]);
    }
  }
  const inference = sections.inference as Record<string, { docsPerSecond: number; lost: number; answeredTwice: number }> | undefined;
  for (const name of ["callEndpoint", "callEndpointNodeFetch", "datamanRateDocuments"]) {
    const r = inference?.[name];
    if (r) rows.push(["inference", name, `${fmt(r.docsPerSecond, 0)} docs/s, lost ${r.lost}, answered twice ${r.answeredTwice}`]);
  }
  const ppl = sections.perplexity as { training: { count: { tokensPerCpuSecond: number }; estimate: { cpuSeconds: number } }; scoring: { docsPerCpuSecond: number; mbPerCpuSecond: number; documents: number } } | undefined;
  if (ppl) {
    rows.push(["perplexity", "train: counting", `${fmt(ppl.training.count.tokensPerCpuSecond, 0)} tokens per CPU-second (estimation ${fmt(ppl.training.estimate.cpuSeconds, 1)} s)`]);
    rows.push(["perplexity", `score ${ppl.scoring.documents} docs`, `${fmt(ppl.scoring.docsPerCpuSecond, 0)} docs/s per core, ${fmt(ppl.scoring.mbPerCpuSecond, 2)} MB/s`]);
  }
  type TRefineCase = { docsPerSecond: number; mbPerSecond: number; docsPerCpuSecond: number };
  const refine = sections.refine as { emailRulesOneCore?: TRefineCase; allLineRulesOneCore?: TRefineCase; runOneWorker?: { docsPerSecond: number; docsPerWorkerCpuSecond: number | null } } | undefined;
  for (const [label, c] of [["e-mail rules, one core", refine?.emailRulesOneCore], ["all line rules, one core", refine?.allLineRulesOneCore]] as const) {
    if (c) rows.push(["refine", label, `${fmt(c.docsPerSecond, 0)} docs/s, ${fmt(c.mbPerSecond)} MB/s (${fmt(c.docsPerCpuSecond, 0)} docs per CPU-s)`]);
  }
  if (refine?.runOneWorker) rows.push(["refine", "refine run, one worker", `${fmt(refine.runOneWorker.docsPerSecond, 0)} docs/s (${fmt(refine.runOneWorker.docsPerWorkerCpuSecond, 0)} docs per worker CPU-s)`]);
  const ft = sections.fasttext as { annotatorOneCore?: { docsPerCpuSecond: number; docsPerSecond: number } } | undefined;
  if (ft?.annotatorOneCore) rows.push(["fasttext", "annotator, 800 MB model", `${fmt(ft.annotatorOneCore.docsPerCpuSecond, 0)} docs/s per core (${fmt(ft.annotatorOneCore.docsPerSecond, 0)} wall)`]);
  const st = sections.student as { inferenceOneCore?: Record<string, { docsPerCpuSecond: number }> } | undefined;
  for (const [k, v] of Object.entries(st?.inferenceOneCore ?? {})) rows.push(["student", k, `${fmt(v.docsPerCpuSecond, 0)} docs/s per core`]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  console.log(`\n${rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join("  ")).join("\n")}`);

  // A run on another data dir (BENCH_DATA_DIR, e.g. a quick small run) keeps its results there.
  const file = process.env.BENCH_DATA_DIR ? path.join(process.env.WINNOW_DATA_DIR!, "bench-results.json") : path.join(OUT, "results.json");
  let previous: Record<string, unknown> = {};
  try {
    const p = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    if (p.schema === 2) previous = p;
  } catch {
    // none yet
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Load runs of one corpus at a time (BENCH_LOAD_CORPORA) keep the other corpus's figures.
  if (sections.load && previous.load) sections.load = { ...(previous.load as object), ...(sections.load as object) };
  fs.writeFileSync(file, JSON.stringify({ ...previous, schema: 2, updated: header.date, ...sections }, null, 2));
  console.log(`wrote ${file}`);
  if (failures.length) throw new Error(`failed: ${failures.join(", ")}`);
};

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
