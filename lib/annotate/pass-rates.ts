import type { TAttributeColumn, TAttributeSetRow } from "@/lib/annotate/attribute-sets";
import { buildDocumentRelation, type TRelationColumn } from "@/lib/corpora/document-relation";
import type { TCorpusVersionRow } from "@/lib/corpora/versions";
import { queryRows, toNumber } from "@/lib/duckdb/instance";

export type TPassRates = {
  /** rule column → share of documents passing. */
  overall: Record<string, number>;
  /** grouping column → group value → { docs, rates: rule → share }. */
  byGroup: Record<string, Record<string, { docs: number; rates: Record<string, number> }>>;
};

const MAX_GROUPS = 20;

/** Pass rate of every boolean `*.pass` column, overall and per source / low-cardinality metadata value. */
export const computePassRates = async (version: TCorpusVersionRow, set: TAttributeSetRow, columns: TAttributeColumn[]): Promise<TPassRates> => {
  const rel = buildDocumentRelation(version, [set]);
  const passCols = columns.filter((c) => c.type === "BOOLEAN" && c.name.endsWith(".pass")).map((c) => rel.byName.get(c.name)!);
  const result: TPassRates = { overall: {}, byGroup: {} };
  if (passCols.length === 0) return result;
  const rateExprs = passCols.map((c, i) => `avg(CASE WHEN ${c.expr} THEN 1.0 ELSE 0.0 END) AS r${i}`).join(", ");
  const [overall] = await queryRows(`SELECT ${rateExprs} FROM ${rel.from}`);
  passCols.forEach((c, i) => (result.overall[c.name] = Number(overall[`r${i}`] ?? 0)));

  const candidates = rel.columns.filter((c) => c.origin === "document" && c.type === "VARCHAR" && !["id", "text"].includes(c.name));
  for (const g of candidates) {
    const [{ n }] = await queryRows<{ n: bigint }>(`SELECT count(DISTINCT ${g.expr}) AS n FROM ${rel.from}`);
    if (toNumber(n) < 2 || toNumber(n) > MAX_GROUPS) continue;
    result.byGroup[g.name] = await groupRates(rel.from, g, passCols, rateExprs);
  }
  return result;
};

const groupRates = async (from: string, g: TRelationColumn, passCols: TRelationColumn[], rateExprs: string) => {
  const rows = await queryRows(`SELECT ${g.expr} AS g, count(*) AS docs, ${rateExprs} FROM ${from} GROUP BY 1 ORDER BY 2 DESC`);
  const out: Record<string, { docs: number; rates: Record<string, number> }> = {};
  for (const r of rows) {
    const rates: Record<string, number> = {};
    passCols.forEach((c, i) => (rates[c.name] = Number(r[`r${i}`] ?? 0)));
    out[String(r.g ?? "(none)")] = { docs: toNumber(r.docs), rates };
  }
  return out;
};
