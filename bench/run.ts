/**
 * `npm run bench [-- ingest|table|annotators]`: benchmarks on generated real-text corpora.
 * BENCH_DOCS (default 1,000,000) sets the ingest/table corpus size; BENCH_ANNOTATOR_DOCS (default
 * 100,000) the annotator corpus. Results: bench/out/results.json.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";

const OUT = path.resolve("bench/out");
fs.mkdirSync(OUT, { recursive: true });
process.env.WINNOW_DATA_DIR ??= path.join(OUT, "data");
const DOCS = Number(process.env.BENCH_DOCS ?? 1_000_000);
const which = process.argv[2] ?? "all";

const main = async () => {
  const { generateCorpus } = await import("@/bench/generate-corpus");
  const { timeIt } = await import("@/bench/stats");
  const results: Record<string, unknown> = {
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    date: new Date().toISOString(),
    docs: DOCS,
  };
  const corpus = path.join(OUT, `corpus-${DOCS}.jsonl`);
  if (which !== "annotators" && !fs.existsSync(corpus)) {
    const t = Date.now();
    const { bytes } = generateCorpus(corpus, DOCS);
    console.log(`generated ${corpus}: ${(bytes / 1e9).toFixed(2)} GB in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  if (which === "all" || which === "ingest" || which === "table") {
    const inputBytes = fs.statSync(corpus).size;
    const { getDb } = await import("@/lib/db/client");
    const { startIngest } = await import("@/lib/ingest/start-ingest");
    const { runWorkerLoop } = await import("@/lib/runs/worker-loop");
    const { getRunOrThrow } = await import("@/lib/runs/get-run");
    const { findCorpusByName } = await import("@/lib/corpora/versions");
    getDb();
    let corpusId = findCorpusByName(`bench-${DOCS}`)?.id;
    if (which !== "table" || !corpusId) {
      const t = performance.now();
      const { runId, corpusId: cid } = startIngest({ name: `bench-${DOCS}`, source: { kind: "path", path: corpus } }, { trusted: true });
      await runWorkerLoop({ exitWhenIdle: true, idleMs: 50 });
      const secs = (performance.now() - t) / 1000;
      const run = getRunOrThrow(runId);
      if (run.status !== "succeeded") throw new Error(`ingest ${run.status}: ${run.error}`);
      corpusId = cid;
      // DuckDB's own COPY of the same file to zstd Parquet, on a fresh instance.
      const inst = await DuckDBInstance.create(":memory:");
      const conn = await inst.connect();
      const t2 = performance.now();
      await conn.run(`COPY (SELECT * FROM read_json('${corpus}', format = 'newline_delimited')) TO '${path.join(OUT, "duckdb-copy.parquet")}' (FORMAT parquet, COMPRESSION zstd)`);
      const duckSecs = (performance.now() - t2) / 1000;
      conn.closeSync();
      results.ingest = {
        inputMB: inputBytes / 1e6,
        docs: run.itemsDone,
        winnowSeconds: secs,
        winnowMBps: inputBytes / 1e6 / secs,
        winnowDocsPerSecond: run.itemsDone / secs,
        duckdbCopySeconds: duckSecs,
        duckdbCopyMBps: inputBytes / 1e6 / duckSecs,
        ratioToDuckDB: secs / duckSecs,
      };
      console.log("ingest", results.ingest);
    }

    if (which === "all" || which === "table") {
      const { queryDocuments } = await import("@/lib/corpora/query-documents");
      const q = (extra: Record<string, unknown>) => () => queryDocuments({ corpusId: corpusId!, limit: 100, ...extra });
      const cases: Record<string, () => Promise<unknown>> = {
        "first page, no sort": q({}),
        "sorted by n_chars desc": q({ sort: { column: "n_chars", dir: "desc" } }),
        "sorted, offset 500,000": q({ sort: { column: "n_chars", dir: "desc" }, offset: 500_000 }),
        "sorted by year + quality range": q({ sort: { column: "year", dir: "asc" }, filters: [{ op: "range", column: "quality", min: 0.2, max: 0.6 }] }),
        "source filter + sort": q({ sort: { column: "quality", dir: "desc" }, filters: [{ op: "in", column: "source", values: ["brown"] }] }),
        "genre filter + range + sort": q({ sort: { column: "n_chars", dir: "asc" }, filters: [{ op: "in", column: "genre", values: ["spam"] }, { op: "range", column: "year", min: 1990 }] }),
        "substring search": q({ search: "grand jury" }),
      };
      const table: Record<string, unknown> = {};
      for (const [name, fn] of Object.entries(cases)) {
        table[name] = await timeIt(fn, name === "substring search" ? 10 : 30);
        console.log("table", name, table[name]);
      }
      results.table = table;
    }
  }

  if (which === "all" || which === "annotators") {
    const { benchAnnotators } = await import("@/bench/annotators");
    results.annotators = await benchAnnotators(Number(process.env.BENCH_ANNOTATOR_DOCS ?? 100_000), [50_000, 200_000]);
  }

  const file = path.join(OUT, "results.json");
  const previous = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  fs.writeFileSync(file, JSON.stringify({ ...previous, ...results }, null, 2));
  console.log(`wrote ${file}`);
};

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
