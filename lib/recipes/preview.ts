import { withCompiledRecipe, type TCompiled } from "@/lib/recipes/compile";
import { effectiveTokens } from "@/lib/recipes/scaling";
import { ZRecipeSchema, type TRecipe, type TRecipeInput } from "@/lib/recipes/schema";
import type { DuckDBConnection, DuckDBValue } from "@duckdb/node-api";
import { INDEX_POS, INDEX_PREVIEW } from "@/lib/corpora/document-index";
import { PREVIEW_CHARS, QUERY_TIMEOUT_MS } from "@/lib/corpora/query-documents";
import { queryRows, toNumber, withDuck, type TQueryOptions } from "@/lib/duckdb/instance";
import { createLimiter, createMemo, createSingleFlight } from "@/lib/duckdb/shared-cache";

const HIST_BINS = 24;
let tableCounter = 0;

type TCorpusHistogram = { lo: number; width: number; nBins: number; bins: { lo: number; hi: number; before: number }[] };
/** Per (document index, column): the corpus-wide bins. Indexes are immutable, so these never go stale. */
const corpusHistograms = createMemo<TCorpusHistogram | null>({ max: 256 });

/** `expr` reads the index aliased `d`. Computed on its own connection, so it outlives any one preview. */
const corpusHistogram = (indexTable: string, column: string, expr: string): Promise<TCorpusHistogram | null> =>
  corpusHistograms.get(`${indexTable}|${column}`, async () => {
    const [range] = await queryRows(`SELECT min(${expr}) AS lo, max(${expr}) AS hi FROM ${indexTable} AS d`);
    const lo = Number(range.lo);
    const hi = Number(range.hi);
    if (range.lo === null || range.hi === null || !Number.isFinite(lo) || !Number.isFinite(hi)) return null;
    const nBins = hi > lo ? HIST_BINS : 1;
    const width = hi > lo ? (hi - lo) / HIST_BINS : 1;
    const rows = await queryRows(`SELECT least(CAST(floor((${expr} - ${lo}) / ${width}) AS BIGINT), ${nBins - 1}) AS b, count(*) AS n FROM ${indexTable} AS d WHERE ${expr} IS NOT NULL GROUP BY 1`);
    const byBin = new Map(rows.map((r) => [toNumber(r.b), toNumber(r.n)]));
    return { lo, width, nBins, bins: Array.from({ length: nBins }, (_, b) => ({ lo: lo + b * width, hi: lo + (b + 1) * width, before: byBin.get(b) ?? 0 })) };
  });

const rowsOf = async (conn: DuckDBConnection, sql: string, params?: DuckDBValue[]) => (await conn.runAndReadAll(sql, params)).getRowObjectsJS();

export type TGroupPreview = {
  group: string;
  targetTokens: number | null;
  availableTokens: number;
  selectedTokens: number;
  uniqueTokens: number;
  docs: number;
  epochs: number;
  effectiveTokens: number;
  shortfall: number;
};

/** The signals whose distribution the preview charts: score terms and range filters (at most 6). */
const signalColumns = (recipe: TRecipe): string[] =>
  [...new Set([...recipe.score.terms.map((t) => t.column), ...recipe.filters.filter((f) => f.op === "range").map((f) => f.column)])].slice(0, 6);

/** What a recipe selects: totals, per-group target vs achieved, repetition, warnings, and samples. */
export const previewRecipe = async (input: TRecipeInput, opts: Pick<TQueryOptions, "signal"> = {}) => {
  const recipe = ZRecipeSchema.parse(input);
  // Identical previews running at the same time (several tabs, a double click) share one computation.
  return previews(JSON.stringify(recipe), (signal) => previewSlots(() => preview(recipe, signal), signal), opts.signal);
};

const previews = createSingleFlight<Awaited<ReturnType<typeof preview>>>();
/** Previews running at once; more wait their turn (bench/RESULTS.md, load). */
export const MAX_CONCURRENT_PREVIEWS = 2;
const previewSlots = createLimiter(MAX_CONCURRENT_PREVIEWS);

const preview = (recipe: TRecipe, signal: AbortSignal) =>
  withCompiledRecipe(recipe, { carry: signalColumns(recipe) }, (c) => {
    // The selection is computed once into a temporary table; every figure below reads it.
    const sel = `recipe_sel_${process.pid}_${++tableCounter}`;
    return withDuck(
      async (conn) => {
        await conn.run(`CREATE TEMP TABLE ${sel} AS ${c.sql}`, c.params);
        try {
          return await summarize(conn, recipe, c, sel);
        } finally {
          await conn.run(`DROP TABLE IF EXISTS ${sel}`);
        }
      },
      { signal, timeoutMs: QUERY_TIMEOUT_MS },
    );
  });

const summarize = async (conn: DuckDBConnection, recipe: TRecipe, c: TCompiled, sel: string) => {
  const indexTable = c.indexTable;
  const groups = await rowsOf(conn, 
    `SELECT g, any_value(quota) AS quota, any_value(gtot) AS gtot, sum(t * reps) AS tokens, sum(CASE WHEN reps > 0 THEN t ELSE 0 END) AS uniq,
            count(*) FILTER (WHERE reps > 0) AS docs, count(*) AS filtered, sum(reps) AS copies
     FROM ${sel} GROUP BY g ORDER BY g`,
  );
  const perGroup: TGroupPreview[] = groups.map((r) => {
    const selected = Number(r.tokens ?? 0);
    const unique = Number(r.uniq ?? 0);
    const target = recipe.budget.value === null ? null : Number(r.quota);
    return {
      group: String(r.g),
      targetTokens: target,
      availableTokens: Number(r.gtot ?? 0),
      selectedTokens: selected,
      uniqueTokens: unique,
      docs: toNumber(r.docs),
      epochs: unique > 0 ? selected / unique : 0,
      effectiveTokens: effectiveTokens(unique, selected),
      shortfall: target === null ? 0 : Math.max(0, target - selected),
    };
  });
  // Groups named in the mix that no filtered document belongs to.
  for (const [g, q] of Object.entries(c.quotas ?? {})) {
    if (!perGroup.some((p) => p.group === g)) perGroup.push({ group: g, targetTokens: q, availableTokens: 0, selectedTokens: 0, uniqueTokens: 0, docs: 0, epochs: 0, effectiveTokens: 0, shortfall: q });
  }
  const warnings = perGroup
    .filter((p) => p.targetTokens !== null && p.shortfall > 1e-6 * (p.targetTokens || 1))
    .map((p) => `“${p.group}” cannot fill its quota: ${Math.round(p.selectedTokens).toLocaleString("en-US")} of ${Math.round(p.targetTokens!).toLocaleString("en-US")} ${recipe.budget.unit} with at most ${recipe.maxEpochs} epoch(s) (${Math.round(p.availableTokens).toLocaleString("en-US")} available)`);
  const samples = async (selected: boolean) => {
    // The 10 best by sampling key (ties: u, as the selection orders them), then their ids and previews.
    const top = await rowsOf(conn, `SELECT s.rid, s.g, s.score, s.k, s.reps FROM ${sel} AS s WHERE ${selected ? "s.reps > 0" : "s.reps = 0"} ORDER BY s.k DESC, s.u DESC LIMIT 10`);
    const docs = new Map<number, { id: string; preview: string }>();
    if (top.length)
      for (const r of await rowsOf(
        conn,
        `SELECT d.${INDEX_POS} AS rid, ${c.indexed.byName.get("id")!.expr} AS id, left(d.${INDEX_PREVIEW}, ${PREVIEW_CHARS}) AS preview FROM ${indexTable} AS d WHERE d.${INDEX_POS} IN (SELECT unnest([${top.map((r) => toNumber(r.rid)).join(", ")}]))`,
      ))
        docs.set(toNumber(r.rid), { id: String(r.id), preview: String(r.preview ?? "") });
    return top.map((r) => ({ id: docs.get(toNumber(r.rid))?.id ?? "", group: String(r.g), score: Number(r.score), key: Number(r.k), reps: Number(r.reps), preview: docs.get(toNumber(r.rid))?.preview ?? "" }));
  };
  // Distribution of each signal the recipe uses (score terms, range filters): the whole corpus
  // version (computed once per index and column) vs the selection (counting repeats).
  const histograms = [];
  for (const [ci, name] of signalColumns(recipe).entries()) {
    const col = c.indexed.byName.get(name)!;
    const expr = `CAST(${col.expr} AS DOUBLE)`;
    const before = await corpusHistogram(indexTable, col.name, expr);
    if (!before) continue;
    const { lo, width, nBins } = before;
    const v = `CAST(s.c${ci} AS DOUBLE)`;
    const rows = await rowsOf(
      conn,
      `SELECT least(greatest(CAST(floor((${v} - ${lo}) / ${width}) AS BIGINT), 0), ${nBins - 1}) AS b, sum(s.reps) AS after
       FROM ${sel} AS s WHERE s.reps > 0 AND ${v} IS NOT NULL GROUP BY 1`,
    );
    const after = new Map(rows.map((r) => [toNumber(r.b), Number(r.after ?? 0)]));
    histograms.push({ column: name, bins: before.bins.map((bin, b) => ({ ...bin, after: after.get(b) ?? 0 })) });
  }
  const totals = {
    filteredDocs: groups.reduce((a, r) => a + toNumber(r.filtered), 0),
    selectedDocs: perGroup.reduce((a, p) => a + p.docs, 0),
    copies: groups.reduce((a, r) => a + Number(r.copies ?? 0), 0),
    selectedTokens: perGroup.reduce((a, p) => a + p.selectedTokens, 0),
    uniqueTokens: perGroup.reduce((a, p) => a + p.uniqueTokens, 0),
    effectiveTokens: perGroup.reduce((a, p) => a + p.effectiveTokens, 0),
  };
  return {
    recipe,
    versionId: c.version.id,
    unit: recipe.budget.unit,
    tokenColumn: c.tokenColumn,
    tokensEstimated: recipe.budget.unit === "tokens" && c.tokenColumn === null,
    groupColumn: c.groupColumn,
    totals,
    groups: perGroup.sort((a, b) => b.selectedTokens - a.selectedTokens),
    warnings,
    histograms,
    selectedSamples: await samples(true),
    belowSamples: await samples(false),
  };
};
