import type { DuckDBValue } from "@duckdb/node-api";
import { compileWhere, isNumericType, requireColumn } from "@/lib/corpora/document-filters";
import { acquireDocumentIndex, indexRelation, INDEX_ID_HASH, INDEX_POS, type TDocumentIndex } from "@/lib/corpora/document-index";
import { queryRows } from "@/lib/duckdb/instance";
import { buildDocumentRelation, type TDocumentRelation } from "@/lib/corpora/document-relation";
import { RESERVED_PREFIX } from "@/lib/corpora/reserved-names";
import { getReadyVersionOrThrow, type TCorpusVersionRow } from "@/lib/corpora/versions";
import { AppError } from "@/lib/errors";
import type { TRecipe } from "@/lib/recipes/schema";
import { recipeAttributeSets } from "@/lib/recipes/pinning";
import { seedHalves, seededUniformSteps } from "@/lib/recipes/seeded-uniform";

export const ESTIMATED_CHARS_PER_TOKEN = 4;
const ALL = "all";
/** Bins of the sampling key per group when finding each group's cut (see the SQL below). */
const CUT_BINS = 4096;
/** −ln(−ln u) for u = 2^-54 and 1 − 2^-54: how far Gumbel noise can move a key down and up. */
const GUMBEL_SPAN = [Math.log(54 * Math.LN2), 54 * Math.LN2] as const;

const roundSig = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(12)) : x);

type TTermStats = { mean: number; sd: number; lo: number; hi: number };

/** Mean, population standard deviation, min and max of each score column over the filtered documents. */
const termStats = async (cols: string[], from: string, where: string, params: DuckDBValue[]): Promise<TTermStats[]> => {
  const [row] = await queryRows<Record<string, number | null>>(
    `SELECT ${cols.map((x, i) => `avg(${x}) AS m${i}, stddev_pop(${x}) AS s${i}, min(${x}) AS lo${i}, max(${x}) AS hi${i}`).join(", ")} FROM ${from} ${where}`,
    params,
  );
  return cols.map((_, i) => {
    const n = (v: number | null | undefined) => (v === null || v === undefined ? 0 : roundSig(Number(v)));
    return { mean: n(row[`m${i}`]), sd: n(row[`s${i}`]), lo: n(row[`lo${i}`]), hi: n(row[`hi${i}`]) };
  });
};

export type TCompiled = {
  version: TCorpusVersionRow;
  relation: TDocumentRelation;
  /** The relation over the document index (alias `d`): its columns' `expr` read the index. */
  indexed: TDocumentRelation;
  /**
   * One row per filtered document in a group with a quota: rid (its INDEX_POS in `indexTable`), g (group),
   * t (tokens), score, k (sampling key), u (seeded uniform), quota, gtot, reps, and the carried
   * columns as c0, c1, … (in the order asked for). Join `indexTable` on INDEX_POS for ids and text previews.
   */
  sql: string;
  indexTable: string;
  index: TDocumentIndex;
  /** The index is leased until this is called: call it once the queries on `sql` are done. */
  release: () => void;
  params: DuckDBValue[];
  tokenColumn: string | null;
  groupColumn: string | null;
  quotas: Record<string, number> | null;
};

/**
 * Compiles a recipe into one parameterised DuckDB query over the corpus version's document index.
 * Every column is checked against the version's columns; randomness comes only from
 * (md5(id), seed) (lib/recipes/seeded-uniform.ts), so preview and export select the same documents.
 */
export const compileRecipe = async (recipe: TRecipe, opts: { carry?: string[] } = {}): Promise<TCompiled> => {
  const version = getReadyVersionOrThrow(recipe.corpusId, recipe.versionId);
  const full = buildDocumentRelation(version, recipeAttributeSets(version.id, recipe.attributeSetIds));
  const lease = await acquireDocumentIndex(full);
  try {
    return await compileOn(recipe, opts, version, full, lease.value, lease.release);
  } catch (e) {
    lease.release();
    throw e;
  }
};

/** Runs `fn` with the recipe compiled and its index leased, releasing it afterwards. */
export const withCompiledRecipe = async <R>(recipe: TRecipe, opts: { carry?: string[] }, fn: (c: TCompiled) => Promise<R>): Promise<R> => {
  const c = await compileRecipe(recipe, opts);
  try {
    return await fn(c);
  } finally {
    c.release();
  }
};

const compileOn = async (recipe: TRecipe, opts: { carry?: string[] }, version: TCorpusVersionRow, full: TDocumentRelation, index: TDocumentIndex, release: () => void): Promise<TCompiled> => {
  const rel = indexRelation(full, index);
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
  } else tokenExpr = `CAST(${requireColumn(rel, "n_chars").expr} AS DOUBLE) / ${ESTIMATED_CHARS_PER_TOKEN}`;

  // Score terms: normalisation statistics over every filtered document, computed first and bound as
  // numbers (rounded to 12 significant digits, so a parallel sum's last-bit noise cannot change
  // which documents a recipe selects). The same pass gives bounds on the score, for binning keys.
  const termCols = recipe.score.terms.map((t) => {
    const c = requireColumn(rel, t.column);
    if (!isNumericType(c.type) && c.type !== "BOOLEAN") throw new AppError("UNPROCESSABLE", `Score column "${t.column}" must be numeric or boolean`);
    return `CAST(${c.expr} AS DOUBLE)`;
  });
  const stats = termCols.length ? await termStats(termCols, rel.from, where, [...params]) : [];
  let scoreLo = 0;
  let scoreHi = 0;
  const terms = recipe.score.terms.map((t, i) => {
    const x = termCols[i];
    const st = stats[i];
    // The normalised value as a + b·x (null x counts 0), and its range over the filtered documents.
    const [a, b] =
      t.normalize === "zscore" ? (st.sd > 0 ? [-st.mean / st.sd, 1 / st.sd] : [0, 0]) : t.normalize === "minmax" ? (st.hi > st.lo ? [-st.lo / (st.hi - st.lo), 1 / (st.hi - st.lo)] : [0, 0]) : [0, 1];
    const ends = [0, t.weight * (a + b * st.lo), t.weight * (a + b * st.hi)].filter(Number.isFinite);
    scoreLo += Math.min(...ends);
    scoreHi += Math.max(...ends);
    return b === 0 ? null : `${bind(t.weight)} * coalesce(${bind(a)} + ${bind(b)} * ${x}, 0)`;
  });
  const scoreExpr = terms.filter(Boolean).join(" + ") || "0.0";

  const mixCol = recipe.mix ? requireColumn(rel, recipe.mix.column) : recipe.sampling.method === "dataman" ? requireColumn(rel, "source") : null;
  const groupExpr = mixCol ? `coalesce(CAST(${mixCol.expr} AS VARCHAR), '(none)')` : `'${ALL}'`;

  const [seedLo, seedHi] = seedHalves(recipe.seed);
  const uSteps = seededUniformSteps(INDEX_ID_HASH, bind(seedLo), bind(seedHi), `${RESERVED_PREFIX}u`);
  const u = uSteps[uSteps.length - 1].name;
  const method = recipe.sampling.method;
  // Sampling without replacement with probability ∝ exp(score/τ) is the Gumbel-top-k trick (PDS);
  // temperature sampling (QuRating, DataMan) draws from that same distribution.
  const gumbel = method === "gumbel_top_k" || method === "temperature";
  const key = method === "uniform" ? u : gumbel ? `score / ${bind(recipe.sampling.temperature)} - ln(-ln(${u}))` : "score";
  // Bounds of the key over all documents (u lies in [2^-54, 1 - 2^-54]), for the first level of bins.
  const [keyLo, keyHi] =
    method === "uniform" ? [0, 1] : gumbel ? [scoreLo / recipe.sampling.temperature - GUMBEL_SPAN[0], scoreHi / recipe.sampling.temperature + GUMBEL_SPAN[1]] : [scoreLo, scoreHi];

  // Quotas per group, in budget units (from the per-bin token sums); null budget = every filtered document once.
  let quotas: Record<string, number> | null = null;
  let quotaSql: string;
  let onlyKeyedGroups = false;
  /** What bins are grouped by: the group's name, or a small integer where the groups are known. */
  let groupKey = mixCol ? "g" : "0";
  if (recipe.budget.value === null) quotaSql = `SELECT g, sum(bt) AS quota FROM bins GROUP BY g`;
  else if (recipe.mix) {
    const entries = Object.entries(recipe.mix.targets).filter(([, v]) => v > 0);
    const sum = entries.reduce((a, [, v]) => a + v, 0);
    if (sum <= 0) throw new AppError("UNPROCESSABLE", "The mix needs at least one target above 0");
    quotas = Object.fromEntries(entries.map(([g, v]) => [g, (recipe.budget.value! * v) / sum]));
    const names = entries.map(([g]) => bind(g));
    quotaSql = `SELECT * FROM (VALUES ${entries.map(([g], i) => `(${names[i]}, ${bind(quotas![g])})`).join(", ")}) AS q(g, quota)`;
    // Documents of groups without a target take no part in sampling (they still count in the score
    // statistics). The groups with a target get integer keys: bins are grouped and joined on them.
    groupKey = `CASE g ${names.map((n, i) => `WHEN ${n} THEN ${i}`).join(" ")} END`;
    onlyKeyedGroups = true;
  } else if (mixCol) {
    // DataMan: each group's quota is its share of the filtered tokens.
    quotaSql = `SELECT g, ${bind(recipe.budget.value)} * sum(bt) / (SELECT sum(bt) FROM bins) AS quota FROM bins GROUP BY g`;
  } else quotaSql = `SELECT '${ALL}' AS g, ${bind(recipe.budget.value)} AS quota`;

  const maxEpochs = bind(recipe.maxEpochs);
  const carry = opts.carry ?? [];
  const carried = carry.map((name, i) => `, ${requireColumn(rel, name).expr} AS c${i}`).join("");
  const carriedCols = carry.map((_, i) => `, c${i}`).join("");
  const uChain = uSteps.map((st, i) => `${st.name}_t AS (SELECT *, ${st.expr} AS ${st.name} FROM ${i === 0 ? "scored" : `${uSteps[i - 1].name}_t`})`).join(",\n");
  const nb = CUT_BINS;
  const clamp = (x: string) => `least(greatest(CAST(floor(${x}) AS INTEGER), 0), ${nb - 1})`;
  const binOf = (hi: string, lo: string) => `CASE WHEN ${hi} > ${lo} THEN ${clamp(`(${hi} - k) / (${hi} - ${lo}) * ${nb}`)} ELSE ${clamp(`(1 - u) * ${nb}`)} END`;
  const classify = (start: string, end: string) => `CASE WHEN ${end} < cut THEN 1 WHEN ${start} > cut THEN 0 ELSE -1 END`;
  // Each group takes its documents in order (k DESC, u DESC; then md5(id) and index row, which tie
  // only if two ids' md5 collide) until the cumulative tokens reach its cut: a group with more than
  // its quota takes one prefix (cut = quota); a smaller group takes every document floor(r) times,
  // r = min(quota / available, maxEpochs), plus a prefix of (r - floor r) · available.
  // Instead of sorting whole groups, documents are binned by k (bins are monotone in that order):
  // whole bins before the cut are in, bins after it out. The few bins the cut falls in are binned
  // again — by k within the bin's range, or by u when the bin holds one value of k (ties, e.g. an
  // integer score) — and only the sub-bins the cut falls in are ordered exactly.
  const sql = `
WITH f AS (
  SELECT d.${INDEX_POS} AS rid, d.${INDEX_ID_HASH} AS ${INDEX_ID_HASH}, ${groupExpr} AS g, greatest(${tokenExpr}, 0) AS t, ${scoreExpr} AS score${carried}
  FROM ${rel.from} ${where}
), scored AS (SELECT *, ${groupKey} AS gk FROM f ${onlyKeyedGroups ? `WHERE ${groupKey} IS NOT NULL` : ""}),
${uChain},
k0 AS (SELECT rid, ${INDEX_ID_HASH}, g, gk, t, score, ${u} AS u, ${key} AS k${carriedCols} FROM ${uSteps[uSteps.length - 1].name}_t),
keyed AS (SELECT *, ${binOf(bind(keyHi), bind(keyLo))} AS b1 FROM k0),
bins AS (SELECT gk, b1, any_value(g) AS g, sum(t) AS bt, min(k) AS bklo, max(k) AS bkhi FROM keyed GROUP BY gk, b1),
quotas AS (${quotaSql}),
gq AS (
  SELECT gs.g, gs.gtot, quotas.quota,
    CASE WHEN gtot <= 0 OR quota <= 0 OR gtot >= quota THEN 0 ELSE CAST(floor(least(quota / gtot, ${maxEpochs})) AS INTEGER) END AS base_reps,
    CASE WHEN gtot <= 0 OR quota <= 0 THEN -1.0 WHEN gtot >= quota THEN quota
         ELSE (least(quota / gtot, ${maxEpochs}) - floor(least(quota / gtot, ${maxEpochs}))) * gtot END AS cut,
    gtot > 0 AND quota > 0 AND gtot >= quota AS zero_rule
  FROM (SELECT g, sum(bt) AS gtot FROM bins GROUP BY g) AS gs JOIN quotas ON quotas.g = gs.g
), binc AS (
  SELECT bins.gk, bins.b1, bins.bklo, bins.bkhi, gq.gtot, gq.quota, gq.base_reps, gq.cut, gq.zero_rule,
    sum(bt) OVER w - bt AS s1, sum(bt) OVER w AS e1
  FROM bins JOIN gq ON gq.g = bins.g WINDOW w AS (PARTITION BY bins.gk ORDER BY bins.b1 ROWS UNBOUNDED PRECEDING)
), classed AS (SELECT *, ${classify("s1", "e1")} AS cls1 FROM binc),
b2 AS (
  SELECT keyed.rid, keyed.${INDEX_ID_HASH}, keyed.gk, keyed.b1, keyed.t, keyed.k, keyed.u, c.cut, c.s1, ${binOf("c.bkhi", "c.bklo")} AS b2
  FROM keyed JOIN classed AS c ON c.gk = keyed.gk AND c.b1 = keyed.b1 WHERE c.cls1 = -1
), bins2 AS (
  SELECT gk, b1, b2, any_value(s1) + sum(sum(t)) OVER w - sum(t) AS s2, any_value(s1) + sum(sum(t)) OVER w AS e2
  FROM b2 GROUP BY gk, b1, b2 WINDOW w AS (PARTITION BY gk, b1 ORDER BY b2 ROWS UNBOUNDED PRECEDING)
), edge AS (
  SELECT b2.rid, ${classify("bins2.s2", "bins2.e2")} AS cls2,
    bins2.s2 + sum(b2.t) OVER (PARTITION BY b2.gk, b2.b1, b2.b2 ORDER BY b2.k DESC, b2.u DESC, b2.${INDEX_ID_HASH}, b2.rid ROWS UNBOUNDED PRECEDING) AS cum
  FROM b2 JOIN bins2 ON bins2.gk = b2.gk AND bins2.b1 = b2.b1 AND bins2.b2 = b2.b2
)
SELECT k.rid, k.g, k.t, k.score, k.k, k.u, c.quota, c.gtot${carry.map((_, i) => `, k.c${i}`).join("")},
  c.base_reps + CASE
    WHEN c.cls1 >= 0 THEN c.cls1
    WHEN e.cls2 >= 0 THEN e.cls2
    WHEN e.cum - k.t < c.cut OR (c.zero_rule AND k.t = 0 AND e.cum <= c.cut) THEN 1 ELSE 0
  END AS reps
FROM keyed AS k JOIN classed AS c ON c.gk = k.gk AND c.b1 = k.b1 LEFT JOIN edge AS e ON e.rid = k.rid`;
  return { version, relation: full, indexed: rel, indexTable: index.table, index, release, sql, params, tokenColumn: recipe.budget.unit === "docs" ? null : tokenCol, groupColumn: mixCol?.name ?? null, quotas };
};
