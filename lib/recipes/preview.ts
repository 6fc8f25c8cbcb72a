import { compileRecipe } from "@/lib/recipes/compile";
import { effectiveTokens } from "@/lib/recipes/scaling";
import { ZRecipeSchema, type TRecipeInput } from "@/lib/recipes/schema";
import type { DuckDBConnection, DuckDBValue } from "@duckdb/node-api";
import { getDocumentIndexTableName } from "@/lib/corpora/document-index";
import { PREVIEW_CHARS } from "@/lib/corpora/query-documents";
import { quoteIdent, toNumber, withDuck } from "@/lib/duckdb/instance";

const HIST_BINS = 24;
let tableCounter = 0;

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

/** What a recipe selects: totals, per-group target vs achieved, repetition, warnings, and samples. */
export const previewRecipe = async (input: TRecipeInput) => {
  const recipe = ZRecipeSchema.parse(input);
  const c = await compileRecipe(recipe);
  const indexTable = await getDocumentIndexTableName(c.relation.key);
  // The selection is computed once into a temporary table; every figure below reads it.
  const sel = `recipe_sel_${process.pid}_${++tableCounter}`;
  return withDuck(async (conn) => {
    await conn.run(`CREATE TEMP TABLE ${sel} AS ${c.sql}`, c.params);
    try {
      return await summarize(conn, recipe, c, sel, indexTable);
    } finally {
      await conn.run(`DROP TABLE IF EXISTS ${sel}`);
    }
  });
};

const summarize = async (conn: DuckDBConnection, recipe: ReturnType<typeof ZRecipeSchema.parse>, c: Awaited<ReturnType<typeof compileRecipe>>, sel: string, indexTable: string) => {
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
  const samples = async (selected: boolean) =>
    rowsOf(
      conn,
      `SELECT s.id, s.g, s.score, s.k, s.reps, left(x.__preview, ${PREVIEW_CHARS}) AS preview FROM ${sel} AS s JOIN ${indexTable} AS x USING (id)
       WHERE ${selected ? "s.reps > 0" : "s.reps = 0"} ORDER BY s.k DESC, s.id LIMIT 10`,
    ).then((rows) => rows.map((r) => ({ id: String(r.id), group: String(r.g), score: Number(r.score), key: Number(r.k), reps: Number(r.reps), preview: String(r.preview ?? "") })));
  // Distribution of each signal the recipe uses (score terms, range filters): the whole corpus
  // version vs the selection (counting repeats).
  const signalCols = [...new Set([...recipe.score.terms.map((t) => t.column), ...recipe.filters.filter((f) => f.op === "range").map((f) => f.column)])].slice(0, 6);
  const histograms = [];
  for (const name of signalCols) {
    const col = c.relation.byName.get(name)!;
    const expr = `CAST(x.${quoteIdent(col.name)} AS DOUBLE)`;
    const [range] = await rowsOf(conn, `SELECT min(${expr}) AS lo, max(${expr}) AS hi FROM ${indexTable} AS x`);
    const lo = Number(range.lo);
    const hi = Number(range.hi);
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) continue;
    const width = hi > lo ? (hi - lo) / HIST_BINS : 1;
    const rows = await rowsOf(
      conn,
      `SELECT least(CAST(floor((${expr} - ${lo}) / ${width}) AS BIGINT), ${HIST_BINS - 1}) AS b, count(*) AS before, sum(coalesce(s.reps, 0)) AS after
       FROM ${indexTable} AS x LEFT JOIN ${sel} AS s USING (id) WHERE ${expr} IS NOT NULL GROUP BY 1 ORDER BY 1`,
    );
    const byBin = new Map(rows.map((r) => [toNumber(r.b), r]));
    histograms.push({
      column: name,
      bins: Array.from({ length: hi > lo ? HIST_BINS : 1 }, (_, b) => ({ lo: lo + b * width, hi: lo + (b + 1) * width, before: toNumber(byBin.get(b)?.before ?? 0), after: Number(byBin.get(b)?.after ?? 0) })),
    });
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
