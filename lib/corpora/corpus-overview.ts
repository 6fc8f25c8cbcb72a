import { attributeColumns, listReadyAttributeSets, type TAttributeSetRow } from "@/lib/annotate/attribute-sets";
import { computePassRates, type TPassRates } from "@/lib/annotate/pass-rates";
import { buildDocumentRelation } from "@/lib/corpora/document-relation";
import { isNumericType } from "@/lib/corpora/document-filters";
import { describeColumn } from "@/lib/corpora/query-documents";
import { getCorpusOrThrow, getReadyVersionOrThrow, listShards, listVersions, type TCorpusVersionRow } from "@/lib/corpora/versions";
import { queryRows, toNumber } from "@/lib/duckdb/instance";
import { createMemo } from "@/lib/duckdb/shared-cache";

export type THistogram = { column: string; min: number; max: number; mean: number; nulls: number; bins: { lo: number; hi: number; count: number }[] };

const BINS = 30;
const MAX_HISTOGRAMS = 60;
/** Per (version, attribute sets), which never change: bounded, and computed once for concurrent callers. */
const cache = createMemo<{ histograms: THistogram[]; tokens: number | null; passRates: (TPassRates & { attributeSetId: string; name: string })[] }>({ max: 64 });

/** Corpus, version stats, per-source counts, columns and a histogram of every numeric column. */
export const getCorpusOverview = async (corpusId: string, versionId?: string) => {
  const corpus = getCorpusOrThrow(corpusId);
  const version = getReadyVersionOrThrow(corpusId, versionId);
  const sets = listReadyAttributeSets(version.id);
  const rel = buildDocumentRelation(version, sets);
  const key = `${version.id}:${sets.map((s) => s.id).join(",")}`;
  const { histograms, tokens, passRates } = await cache.get(key, () => computeStats(rel, version, sets));
  return {
    corpus,
    version: {
      id: version.id,
      version: version.version,
      nDocs: version.nDocs,
      nChars: version.nChars,
      nBytes: version.nBytes,
      createdAt: version.createdAt,
      createdByRunId: version.createdByRunId,
      parentVersionId: version.parentVersionId,
    },
    tokens,
    sourceCounts: JSON.parse(version.sourceCountsJson) as Record<string, number>,
    shards: listShards(version.id).length,
    versions: listVersions(corpusId).map((v) => ({ id: v.id, version: v.version, status: v.status, nDocs: v.nDocs, createdAt: v.createdAt })),
    attributeSets: sets.map((s) => ({ id: s.id, name: s.name, runId: s.runId, createdAt: s.createdAt })),
    columns: rel.columns.map(describeColumn),
    histograms,
    passRates,
  };
};

const computeStats = async (rel: ReturnType<typeof buildDocumentRelation>, version: TCorpusVersionRow, sets: TAttributeSetRow[]) => {
  const numeric = rel.columns.filter((c) => isNumericType(c.type)).slice(0, MAX_HISTOGRAMS);
  const histograms: THistogram[] = [];
  if (numeric.length > 0) {
    const agg = numeric.map((c, i) => `min(${c.expr}) AS mn${i}, max(${c.expr}) AS mx${i}, avg(${c.expr}) AS av${i}, count(*) - count(${c.expr}) AS nu${i}`).join(", ");
    const [s] = await queryRows(`SELECT ${agg} FROM ${rel.from}`);
    for (const [i, c] of numeric.entries()) {
      const min = Number(s[`mn${i}`]);
      const max = Number(s[`mx${i}`]);
      if (!Number.isFinite(min) || !Number.isFinite(max)) continue;
      const width = max > min ? (max - min) / BINS : 1;
      const rows = await queryRows(
        `SELECT least(CAST(floor((${c.expr} - $1) / $2) AS BIGINT), ${BINS - 1}) AS b, count(*) AS n FROM ${rel.from} WHERE ${c.expr} IS NOT NULL GROUP BY 1 ORDER BY 1`,
        [min, width],
      );
      const counts = new Map(rows.map((r) => [toNumber(r.b), toNumber(r.n)]));
      const nBins = max > min ? BINS : 1;
      histograms.push({
        column: c.name,
        min,
        max,
        mean: Number(s[`av${i}`]),
        nulls: toNumber(s[`nu${i}`]),
        bins: Array.from({ length: nBins }, (_, b) => ({ lo: min + b * width, hi: min + (b + 1) * width, count: counts.get(b) ?? 0 })),
      });
    }
  }
  const tokenCol = rel.byName.get("stats.n_tokens");
  let tokens: number | null = null;
  if (tokenCol) {
    const [{ t }] = await queryRows(`SELECT sum(${tokenCol.expr}) AS t FROM ${rel.from}`);
    tokens = t === null ? null : toNumber(t);
  }
  const passRates = [];
  for (const set of sets) {
    const rates = await computePassRates(version, set, attributeColumns(set));
    if (Object.keys(rates.overall).length > 0) passRates.push({ ...rates, attributeSetId: set.id, name: set.name });
  }
  return { histograms, tokens, passRates };
};
