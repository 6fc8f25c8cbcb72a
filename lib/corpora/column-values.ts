import { requireColumn } from "@/lib/corpora/document-filters";
import { indexRelation, withDocumentIndex } from "@/lib/corpora/document-index";
import { buildDocumentRelation } from "@/lib/corpora/document-relation";
import { getReadyVersionOrThrow } from "@/lib/corpora/versions";
import { queryRows, toNumber } from "@/lib/duckdb/instance";

/** The most frequent values of a column with their document counts (for mix sliders and set filters). */
export const columnValues = async (corpusId: string, column: string, versionId?: string, limit = 50) => {
  const version = getReadyVersionOrThrow(corpusId, versionId);
  const full = buildDocumentRelation(version);
  const rows = await withDocumentIndex(full, (index) => {
    const rel = indexRelation(full, index);
    const c = requireColumn(rel, column);
    return queryRows(`SELECT CAST(${c.expr} AS VARCHAR) AS v, count(*) AS n FROM ${rel.from} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $1`, [limit]);
  });
  return { column, values: rows.map((r) => ({ value: r.v === null ? null : String(r.v), docs: toNumber(r.n) })) };
};
