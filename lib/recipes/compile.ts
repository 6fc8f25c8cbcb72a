import type { DuckDBValue } from "@duckdb/node-api";
import { compileWhere, isNumericType, requireColumn } from "@/lib/corpora/document-filters";
import { getDocumentIndex } from "@/lib/corpora/document-index";
import { buildDocumentRelation, type TDocumentRelation } from "@/lib/corpora/document-relation";
import { getReadyVersionOrThrow, type TCorpusVersionRow } from "@/lib/corpora/versions";
import { AppError } from "@/lib/errors";
import type { TRecipe } from "@/lib/recipes/schema";

export const ESTIMATED_CHARS_PER_TOKEN = 4;
const ALL = "all";

export type TCompiled = {
  version: TCorpusVersionRow;
  relation: TDocumentRelation;
  /** One row per filtered document: id, g (group), t (tokens), score, k (sampling key), quota, gtot, reps. */
  sql: string;
  params: DuckDBValue[];
  tokenColumn: string | null;
  groupColumn: string | null;
  quotas: Record<string, number> | null;
};

/**
 * Compiles a recipe into one parameterised DuckDB query over the corpus version's document index.
 * Every column is checked against the version's columns; randomness comes only from
 * md5(id, seed), so preview and export select the same documents.
 */
export const compileRecipe = async (recipe: TRecipe): Promise<TCompiled> => {
  const version = getReadyVersionOrThrow(recipe.corpusId, recipe.versionId);
  const full = buildDocumentRelation(version);
  const index = await getDocumentIndex(full.key, full);
  const rel: TDocumentRelation = { ...full, columns: index.columns, byName: index.byName, from: `${index.table} AS d` };
  const params: DuckDBValue[] = [];
  const bind = (v: DuckDBValue) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (recipe.filters.some((f) => f.column === "text")) throw new AppError("UNPROCESSABLE", "Recipes filter on columns, not on the full text");
  const where = compileWhere(rel, recipe.filters, undefined, params);

  const tokenCol = recipe.budget.tokenColumn ?? (rel.byName.has("stats.n_tokens") ? "stats.n_tokens" : null);
  let tokenExpr: string;
  if (recipe.budget.unit === "docs") tokenExpr = "1.0";
  else if (tokenCol) {
    const c = requireColumn(rel, tokenCol);
    if (!isNumericType(c.type)) throw new AppError("UNPROCESSABLE", `Token column "${tokenCol}" is not numeric`);
    tokenExpr = `coalesce(CAST(${c.expr} AS DOUBLE), 0)`;
  } else tokenExpr = `CAST(d.n_chars AS DOUBLE) / ${ESTIMATED_CHARS_PER_TOKEN}`;

  const terms = recipe.score.terms.map((t) => {
    const c = requireColumn(rel, t.column);
    if (!isNumericType(c.type) && c.type !== "BOOLEAN") throw new AppError("UNPROCESSABLE", `Score column "${t.column}" must be numeric or boolean`);
    const x = `CAST(${c.expr} AS DOUBLE)`;
    const norm =
      t.normalize === "zscore"
        ? `(${x} - avg(${x}) OVER ()) / nullif(stddev_pop(${x}) OVER (), 0)`
        : t.normalize === "minmax"
          ? `(${x} - min(${x}) OVER ()) / nullif(max(${x}) OVER () - min(${x}) OVER (), 0)`
          : x;
    return `${bind(t.weight)} * coalesce(${norm}, 0)`;
  });
  const scoreExpr = terms.length ? terms.join(" + ") : "0.0";

  const mixCol = recipe.mix ? requireColumn(rel, recipe.mix.column) : recipe.sampling.method === "dataman" ? requireColumn(rel, "source") : null;
  const groupExpr = mixCol ? `coalesce(CAST(${mixCol.expr} AS VARCHAR), '(none)')` : `'${ALL}'`;

  const u = `((CAST(md5_number_lower(d.id || ':' || CAST(${bind(recipe.seed)} AS VARCHAR)) AS DOUBLE) + 0.5) / 18446744073709551616.0)`;
  const method = recipe.sampling.method;
  // Sampling without replacement with probability ∝ exp(score/τ) is the Gumbel-top-k trick (PDS);
  // temperature sampling (QuRating, DataMan) draws from that same distribution.
  const key =
    method === "uniform" ? "u" : method === "gumbel_top_k" || method === "temperature" ? `score / ${bind(recipe.sampling.temperature)} - ln(-ln(u))` : "score";

  // Quotas per group, in budget units; null budget = every filtered document once.
  let quotas: Record<string, number> | null = null;
  let quotaSql: string;
  if (recipe.budget.value === null) quotaSql = `SELECT g, sum(t) AS quota FROM keyed GROUP BY g`;
  else if (recipe.mix) {
    const entries = Object.entries(recipe.mix.targets).filter(([, v]) => v > 0);
    const sum = entries.reduce((a, [, v]) => a + v, 0);
    if (sum <= 0) throw new AppError("UNPROCESSABLE", "The mix needs at least one target above 0");
    quotas = Object.fromEntries(entries.map(([g, v]) => [g, (recipe.budget.value! * v) / sum]));
    quotaSql = `SELECT * FROM (VALUES ${entries.map(([g]) => `(${bind(g)}, ${bind(quotas![g])})`).join(", ")}) AS q(g, quota)`;
  } else if (mixCol) {
    // DataMan: each group's quota is its share of the filtered tokens.
    quotaSql = `SELECT g, ${bind(recipe.budget.value)} * sum(t) / (SELECT sum(t) FROM keyed) AS quota FROM keyed GROUP BY g`;
  } else quotaSql = `SELECT '${ALL}' AS g, ${bind(recipe.budget.value)} AS quota`;

  const maxEpochs = bind(recipe.maxEpochs);
  const sql = `
WITH base AS (
  SELECT d.id AS id, ${groupExpr} AS g, ${tokenExpr} AS t, ${u} AS u, ${scoreExpr} AS score FROM ${rel.from} ${where}
), keyed AS (SELECT *, ${key} AS k FROM base),
quotas AS (${quotaSql}),
ranked AS (
  SELECT keyed.*, quotas.quota,
    sum(t) OVER (PARTITION BY keyed.g ORDER BY k DESC, u DESC, id ROWS UNBOUNDED PRECEDING) AS cum,
    sum(t) OVER (PARTITION BY keyed.g) AS gtot
  FROM keyed JOIN quotas ON quotas.g = keyed.g
)
SELECT id, g, t, score, k, quota, gtot, cum,
  CASE
    WHEN gtot <= 0 OR quota <= 0 THEN 0
    WHEN gtot >= quota THEN CASE WHEN cum - t < quota OR (t = 0 AND cum <= quota) THEN 1 ELSE 0 END
    ELSE CAST(floor(least(quota / gtot, ${maxEpochs})) AS INTEGER)
       + CASE WHEN cum - t < (least(quota / gtot, ${maxEpochs}) - floor(least(quota / gtot, ${maxEpochs}))) * gtot THEN 1 ELSE 0 END
  END AS reps
FROM ranked`;
  return { version, relation: full, sql, params, tokenColumn: recipe.budget.unit === "docs" ? null : tokenCol, groupColumn: mixCol?.name ?? null, quotas };
};
