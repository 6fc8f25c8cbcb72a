/**
 * Documents-table page latency: `queryDocuments()` on a corpus version of N (default 1,000,000)
 * real-text documents, stored as Winnow writes them (100k-doc zstd Parquet shards, registered in
 * the metadata DB of the bench data dir).
 */
import fs from "node:fs";
import path from "node:path";
import { startCpuProbe, waitForQuiet } from "@/bench/contention";
import { ensureCorpus, GENERATOR_VERSION } from "@/bench/generate-corpus";
import { timeIt, type TLatency } from "@/bench/stats";
import { getConfig } from "@/lib/config";
import { dataPath } from "@/lib/corpora/paths";
import { queryDocuments, type TQueryDocuments } from "@/lib/corpora/query-documents";
import { createCorpusWithVersion, findCorpusByName, getReadyVersionOrThrow, listShards, markVersionReady } from "@/lib/corpora/versions";
import { getDb } from "@/lib/db/client";
import { ingestFiles } from "@/lib/ingest/ingest-files";
import { listInputFiles } from "@/lib/ingest/list-input-files";

/** Name of the registered table corpus in the bench data dir. */
export const tableCorpusName = (docs: number, seed: number): string => `bench-table-${docs}-s${seed}-v${GENERATOR_VERSION}`;

/** The registered bench corpus of `docs` documents; generated and ingested on first use. */
export const ensureTableCorpus = async (outDir: string, docs: number, seed: number) => {
  const name = tableCorpusName(docs, seed);
  const existing = findCorpusByName(name);
  if (existing?.currentVersionId) {
    const version = getReadyVersionOrThrow(existing.id);
    if (listShards(version.id).every((s) => fs.existsSync(dataPath(s.path)))) return { corpusId: existing.id, docs: version.nDocs, cached: true, ingestSeconds: null };
  }
  const corpus = ensureCorpus(outDir, { docs, seed });
  console.log(`table corpus ${corpus.file}: ${corpus.docs} docs, ${(corpus.bytes / 1e6).toFixed(1)} MB${corpus.cached ? " (cached)" : ` generated in ${corpus.seconds.toFixed(1)} s`}`);
  const { dataDir, shardDocs, shardBytes } = getConfig();
  const { corpus: row, version } = createCorpusWithVersion(getDb(), { name, description: "benchmark corpus (bench/table.ts)", runId: "bench" });
  const t = performance.now();
  const result = await ingestFiles({
    files: listInputFiles(corpus.file).files,
    textField: "text",
    idField: "id",
    defaultSource: "bench",
    workDir: path.join(dataDir, "tmp", `bench-${version.id}`),
    outDir: dataPath(version.path),
    shardDocs,
    shardBytes,
    maxDecompressedBytes: 1e13,
  });
  const ingestSeconds = (performance.now() - t) / 1000;
  markVersionReady(version.id, {
    nDocs: result.summary.docsOut,
    nChars: result.summary.nChars,
    nBytes: result.summary.nBytes,
    columns: result.columns,
    sourceCounts: result.sourceCounts,
    shards: result.shards.map((s) => ({ path: path.relative(dataDir, s.file), nDocs: s.nDocs, nBytes: s.nBytes })),
  });
  console.log(`ingested ${result.summary.docsOut} docs into ${result.summary.shards} shards in ${ingestSeconds.toFixed(1)} s`);
  return { corpusId: row.id, docs: result.summary.docsOut, cached: false, ingestSeconds };
};

/** Distinct words/phrases for the "new search every run" case (one per warm-up and timed run). */
const SEARCH_WORDS = [
  "grand jury", "money", "mortgage", "religion", "baseball", "linux", "unsubscribe", "democrat", "telescope", "guarantee",
  "senate", "python", "kitchen", "violin", "insurance", "hospital", "rocket", "poetry", "farmer", "election",
  "satellite", "weather", "lottery", "university", "painting", "detective", "vitamin", "browser", "harbor", "symphony",
  "treaty", "mailing list", "free offer", "scientist", "furniture", "cathedral", "spacecraft", "newspaper", "marriage", "investment",
];

/**
 * Cases take `k`: a distinct value per call (cold call, warm-ups, timed runs), so the "new … every
 * run" cases never hit the count cache of queryDocuments; the others repeat one query, as paging
 * through one view does.
 */
type TCase = { name: string; group: "sorted/filtered" | "paging" | "search"; query: (k: number) => Omit<TQueryDocuments, "corpusId"> };

const cases = (deep: number): TCase[] => [
  { name: "first page, sorted by n_chars desc", group: "sorted/filtered", query: () => ({ sort: { column: "n_chars", dir: "desc" } }) },
  { name: "first page, unsorted", group: "paging", query: () => ({}) },
  { name: `unsorted, offset ${deep.toLocaleString("en-US")}`, group: "paging", query: () => ({ offset: deep }) },
  { name: `sorted by n_chars desc, offset ${deep.toLocaleString("en-US")}`, group: "paging", query: () => ({ sort: { column: "n_chars", dir: "desc" }, offset: deep }) },
  {
    name: "sorted by quality desc + year range 2000–2009",
    group: "sorted/filtered",
    query: () => ({ sort: { column: "quality", dir: "desc" }, filters: [{ op: "range", column: "year", min: 2000, max: 2009 }] }),
  },
  {
    name: "sorted by quality desc + year range, new range every run",
    group: "sorted/filtered",
    query: (k) => {
      const min = 1995 + (k % 20);
      return { sort: { column: "quality", dir: "desc" }, filters: [{ op: "range", column: "year", min, max: min + 3 + (Math.floor(k / 20) % 7) }] };
    },
  },
  {
    name: "source = spam, sorted by year asc",
    group: "sorted/filtered",
    query: () => ({ sort: { column: "year", dir: "asc" }, filters: [{ op: "in", column: "source", values: ["spam"] }] }),
  },
  {
    name: "source filter + quality range + n_chars sort, new values every run",
    group: "sorted/filtered",
    query: (k) => ({
      sort: { column: "n_chars", dir: k % 2 ? "asc" : "desc" },
      filters: [
        { op: "in", column: "source", values: [k % 2 ? "brown" : "spam"] },
        { op: "range", column: "quality", min: 0.2 + k / 1000 },
      ],
    }),
  },
  { name: "substring search \"grand jury\" (same query)", group: "search", query: () => ({ search: "grand jury" }) },
  { name: "substring search, new word every run", group: "search", query: (k) => ({ search: SEARCH_WORDS[k % SEARCH_WORDS.length] }) },
];

export const benchTable = async (o: { outDir: string; docs: number; seed: number; runs: number; searchRuns: number }) => {
  const corpus = await ensureTableCorpus(o.outDir, o.docs, o.seed);
  const q = (extra: Omit<TQueryDocuments, "corpusId">) => queryDocuments({ corpusId: corpus.corpusId, limit: 100, ...extra });

  // The first query of a process builds the in-memory document index (everything but the text).
  await waitForQuiet();
  let t = performance.now();
  const first = await q({ sort: { column: "n_chars", dir: "desc" } });
  const indexBuildMs = performance.now() - t;
  console.log(`  first query (builds the document index): ${indexBuildMs.toFixed(0)} ms; total ${first.total}`);
  if (first.total !== corpus.docs || first.rows.length !== 100) throw new Error(`unexpected first page: total ${first.total}, ${first.rows.length} rows`);

  const out: Record<string, TLatency & { group: string; coldMs: number; total: number; otherCpuSeconds: number | null; wallSeconds: number }> = {};
  // The deep page: offset 500,000 on 1M documents.
  for (const c of cases(Math.floor(corpus.docs / 2))) {
    await waitForQuiet();
    const probe = startCpuProbe();
    const caseStart = performance.now();
    t = performance.now();
    const res = await q(c.query(0));
    const coldMs = performance.now() - t;
    if (res.rows.length === 0) throw new Error(`${c.name}: no rows`);
    // k: 0 for the cold call, 1–3 for the warm-ups (i = -1…-3), 4… for the timed runs.
    const lat = await timeIt((i) => q(c.query(i < 0 ? -i : i + 4)), c.group === "search" ? o.searchRuns : o.runs, 3);
    const { otherCpuSeconds } = probe.stop();
    const wallSeconds = Math.round((performance.now() - caseStart) / 10) / 100;
    out[c.name] = { group: c.group, coldMs: Math.round(coldMs * 100) / 100, total: res.total, otherCpuSeconds, wallSeconds, ...lat };
    console.log(`  ${c.name}: p50 ${lat.p50} ms, p95 ${lat.p95} ms (cold ${coldMs.toFixed(0)} ms, ${res.total} matching; others used ${otherCpuSeconds ?? "?"} CPU-s of ${wallSeconds} s)`);
  }
  return { docs: corpus.docs, corpusIngestSeconds: corpus.ingestSeconds, indexBuildMs: Math.round(indexBuildMs), pageSize: 100, cases: out };
};
