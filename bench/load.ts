/**
 * Load: 50 documents-table clients (random pages, sorts and filters) and 10 recipe-preview clients
 * for 60 s against one corpus, in this process (the lib functions the routes call, with concurrent
 * promises: `queryDocuments` and `previewRecipe`, no HTTP). Reports errors and p50/p95/p99 per kind,
 * plus a reference measured in the same run: the same kinds of request from one client alone.
 *
 * Clients are closed loops with a think time drawn uniformly from [0, 2 × mean] between requests
 * (BENCH_LOAD_THINK_MS for the table, BENCH_LOAD_PREVIEW_THINK_MS for previews; 0 = back to back).
 * Each client's random choices come from its own seeded generator, so a run is repeatable.
 */
import os from "node:os";
import { prng } from "@/bench/generate-corpus";
import { percentile } from "@/bench/stats";
import { getCorpusOverview } from "@/lib/corpora/corpus-overview";
import { columnValues } from "@/lib/corpora/column-values";
import { documentIndexStats } from "@/lib/corpora/document-index";
import { queryDocuments, type TQueryDocuments } from "@/lib/corpora/query-documents";
import { permutationStats } from "@/lib/corpora/sorted-pages";
import { previewRecipe } from "@/lib/recipes/preview";
import type { TRecipeInput } from "@/lib/recipes/schema";

export type TLoadOptions = { corpusId: string; label: string; tableClients: number; previewClients: number; seconds: number; thinkMs: number; previewThinkMs: number; seed: number };

type TKindStats = { requests: number; errors: number; p50: number | null; p95: number | null; p99: number | null; max: number | null; mean: number | null };

const summarize = (xs: number[], errors: number): TKindStats => {
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    requests: xs.length + errors,
    errors,
    p50: xs.length ? r(percentile(xs, 50)) : null,
    p95: xs.length ? r(percentile(xs, 95)) : null,
    p99: xs.length ? r(percentile(xs, 99)) : null,
    max: xs.length ? r(Math.max(...xs)) : null,
    mean: xs.length ? r(xs.reduce((a, b) => a + b, 0) / xs.length) : null,
  };
};

type TShape = { total: number; numeric: { column: string; min: number; max: number }[]; sortable: string[]; sources: string[] };

const corpusShape = async (corpusId: string): Promise<TShape> => {
  const o = await getCorpusOverview(corpusId);
  const numeric = o.histograms.filter((h) => h.max > h.min).map((h) => ({ column: h.column, min: h.min, max: h.max }));
  const sources = (await columnValues(corpusId, "source")).values.map((v) => v.value).filter((v): v is string => v !== null);
  return { total: o.version.nDocs, numeric, sortable: [...numeric.map((n) => n.column), "source", "id"], sources };
};

/** A random documents-table request: a page of corpus order, a sorted page (some deep), or a filtered and sorted page. */
const tableRequest = (shape: TShape, rand: () => number): Omit<TQueryDocuments, "corpusId"> => {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const offsetIn = (n: number) => Math.floor(rand() * Math.max(1, n - 100));
  const x = rand();
  if (x < 0.3) return { limit: 100, offset: offsetIn(shape.total) };
  const sort = { column: pick(shape.sortable), dir: rand() < 0.5 ? ("asc" as const) : ("desc" as const) };
  // Most sorted views are looked at near the top; one in four jumps deep.
  const offset = rand() < 0.75 ? 100 * Math.floor(rand() * 10) : offsetIn(shape.total);
  if (x < 0.65 || shape.numeric.length === 0) return { limit: 100, offset, sort };
  const n = pick(shape.numeric);
  const a = n.min + rand() * (n.max - n.min);
  const b = n.min + rand() * (n.max - n.min);
  const filters: TQueryDocuments["filters"] = [{ op: "range", column: n.column, min: Math.min(a, b), max: Math.max(a, b) }];
  if (rand() < 0.5 && shape.sources.length > 1) filters.push({ op: "in", column: "source", values: [pick(shape.sources)] });
  return { limit: 100, offset: rand() < 0.8 ? 0 : 100 * Math.floor(rand() * 20), sort, filters };
};

/** A random recipe: sampling method, score on a numeric column, a budget, sometimes a mix over sources, a new seed. */
const previewRequest = (corpusId: string, shape: TShape, rand: () => number): TRecipeInput => {
  const methods = ["top_k", "uniform", "gumbel_top_k", "temperature"] as const;
  const method = methods[Math.floor(rand() * methods.length)];
  const scoreCol = shape.numeric.length ? shape.numeric[Math.floor(rand() * shape.numeric.length)].column : null;
  const mix = rand() < 0.5 && shape.sources.length > 1 ? { column: "source", targets: Object.fromEntries(shape.sources.slice(0, 3).map((s, i) => [s, i + 1])) } : null;
  return {
    corpusId,
    sampling: { method, temperature: 0.5 + rand() },
    score: { terms: scoreCol ? [{ column: scoreCol }] : [] },
    budget: { unit: "docs", value: Math.max(1, Math.floor(shape.total * (0.05 + 0.3 * rand()))) },
    mix,
    maxEpochs: 2,
    seed: Math.floor(rand() * 1e9),
  };
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const benchLoad = async (o: TLoadOptions) => {
  const shape = await corpusShape(o.corpusId);
  const errors: Record<string, number> = {};
  const noteError = (e: unknown) => {
    const msg = (e instanceof Error ? e.message : String(e)).split("\n")[0].replace(/\d{3,}/g, "N").slice(0, 160);
    errors[msg] = (errors[msg] ?? 0) + 1;
  };
  // Warm: the document index exists before the clock starts (its build is measured by `npm run bench -- table`).
  let t = performance.now();
  await queryDocuments({ corpusId: o.corpusId, limit: 1 });
  const indexBuildMs = Math.round(performance.now() - t);

  // Reference: one client alone, 30 table requests and 5 previews, back to back.
  const refRand = prng(o.seed + 999);
  const refTable: number[] = [];
  const refPreview: number[] = [];
  for (let i = 0; i < 30; i++) {
    t = performance.now();
    await queryDocuments({ corpusId: o.corpusId, ...tableRequest(shape, refRand) });
    refTable.push(performance.now() - t);
  }
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    await previewRecipe(previewRequest(o.corpusId, shape, refRand));
    refPreview.push(performance.now() - t);
  }

  const load0 = os.loadavg();
  const cpu0 = process.cpuUsage();
  const table: number[] = [];
  const preview: number[] = [];
  let tableErrors = 0;
  let previewErrors = 0;
  const start = performance.now();
  const deadline = start + o.seconds * 1000;
  const think = async (rand: () => number, mean: number) => {
    if (mean > 0) await sleep(rand() * 2 * mean);
  };
  const tableClient = async (k: number) => {
    const rand = prng(o.seed + k);
    await sleep(rand() * 1000);
    while (performance.now() < deadline) {
      const req = tableRequest(shape, rand);
      const t0 = performance.now();
      try {
        const r = await queryDocuments({ corpusId: o.corpusId, ...req });
        if (r.rows.length > (req.limit ?? 100)) throw new Error(`page of ${r.rows.length} rows for limit ${req.limit}`);
        table.push(performance.now() - t0);
      } catch (e) {
        tableErrors++;
        noteError(e);
      }
      await think(rand, o.thinkMs);
    }
  };
  const previewClient = async (k: number) => {
    const rand = prng(o.seed + 10_000 + k);
    await sleep(rand() * 2000);
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const r = await previewRecipe(previewRequest(o.corpusId, shape, rand));
        if (r.totals.selectedDocs > shape.total) throw new Error(`preview selected ${r.totals.selectedDocs} of ${shape.total} documents`);
        preview.push(performance.now() - t0);
      } catch (e) {
        previewErrors++;
        noteError(e);
      }
      await think(rand, o.previewThinkMs);
    }
  };
  await Promise.all([...Array.from({ length: o.tableClients }, (_, k) => tableClient(k)), ...Array.from({ length: o.previewClients }, (_, k) => previewClient(k))]);
  const wallSeconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const load1 = os.loadavg();
  const result = {
    corpus: o.label,
    docs: shape.total,
    mode: "in-process (queryDocuments / previewRecipe with concurrent promises, no HTTP)",
    tableClients: o.tableClients,
    previewClients: o.previewClients,
    seconds: o.seconds,
    thinkMs: o.thinkMs,
    previewThinkMs: o.previewThinkMs,
    wallSeconds: Math.round(wallSeconds * 10) / 10,
    processCpuSeconds: Math.round(((cpu.user + cpu.system) / 1e6) * 10) / 10,
    loadAverageBefore: load0.map((x) => Math.round(x * 100) / 100),
    loadAverageAfter: load1.map((x) => Math.round(x * 100) / 100),
    indexBuildMs,
    table: summarize(table, tableErrors),
    preview: summarize(preview, previewErrors),
    tablePerSecond: Math.round((table.length / wallSeconds) * 10) / 10,
    reference: { table: summarize(refTable, 0), preview: summarize(refPreview, 0) },
    errors,
    caches: { documentIndexes: documentIndexStats(), permutations: permutationStats() },
  };
  const f = (s: TKindStats) => `${s.requests} requests, ${s.errors} errors, p50 ${s.p50} ms, p95 ${s.p95} ms, p99 ${s.p99} ms`;
  console.log(`  ${o.label} (${shape.total} docs), load ${load0[0].toFixed(2)} → ${load1[0].toFixed(2)}`);
  console.log(`    table:   ${f(result.table)} (alone: p50 ${result.reference.table.p50}, p95 ${result.reference.table.p95})`);
  console.log(`    preview: ${f(result.preview)} (alone: p50 ${result.reference.preview.p50}, p95 ${result.reference.preview.p95})`);
  if (Object.keys(errors).length) console.log(`    errors: ${JSON.stringify(errors)}`);
  return result;
};
