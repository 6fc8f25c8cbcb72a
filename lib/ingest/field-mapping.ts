/** Field names tried, in order, when no text field is chosen. */
export const TEXT_FIELD_CANDIDATES = ["text", "content", "raw_content", "body", "document", "contents", "article", "passage", "markdown", "html"];
export const ID_FIELD_CANDIDATES = ["id", "doc_id", "document_id", "docid", "uuid", "_id"];

export type TFieldMapping = { textField: string; idField: string | null };

/** Picks the text field: the first candidate holding a string in most sampled records, else the longest string field. */
export const detectTextField = (records: Record<string, unknown>[]): string | null => {
  if (records.length === 0) return null;
  for (const c of TEXT_FIELD_CANDIDATES) {
    const hits = records.filter((r) => typeof r[c] === "string").length;
    if (hits > 0 && hits >= records.length / 2) return c;
  }
  const avgLen = new Map<string, number>();
  for (const r of records) {
    for (const [k, v] of Object.entries(r)) {
      if (typeof v === "string") avgLen.set(k, (avgLen.get(k) ?? 0) + v.length / records.length);
    }
  }
  let best: string | null = null;
  for (const [k, len] of avgLen) if (len >= 20 && (best === null || len > avgLen.get(best)!)) best = k;
  return best;
};

/** Picks the id field: a candidate present as a string or integer in every sampled record, with unique values. */
export const detectIdField = (records: Record<string, unknown>[], textField: string | null): string | null => {
  for (const c of ID_FIELD_CANDIDATES) {
    if (c === textField) continue;
    const values = records.map((r) => r[c]);
    if (values.length === 0 || !values.every((v) => (typeof v === "string" && v !== "") || Number.isInteger(v))) continue;
    if (new Set(values.map(String)).size === values.length) return c;
  }
  return null;
};

