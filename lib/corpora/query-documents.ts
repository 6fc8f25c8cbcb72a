import type { DuckDBValue } from "@duckdb/node-api";
import { z } from "zod";
import { listReadyAttributeSets } from "@/lib/annotate/attribute-sets";
import { listAnnotators } from "@/lib/annotators";
import type { TFlaggedLine } from "@/lib/annotators/types";
import { buildDocumentRelation, type TRelationColumn } from "@/lib/corpora/document-relation";
import { getDocumentIndex, INDEX_PREVIEW_CHARS } from "@/lib/corpora/document-index";
import { DEEP_OFFSET, getSortedPermutation } from "@/lib/corpora/sorted-pages";
import { compileWhere, requireColumn, ZFilterSchema } from "@/lib/corpora/document-filters";
import { getReadyVersionOrThrow } from "@/lib/corpora/versions";
import { queryRows, toNumber } from "@/lib/duckdb/instance";
import { AppError } from "@/lib/errors";

export const ZQueryDocumentsSchema = z.object({
  corpusId: z.string().min(1),
  versionId: z.string().min(1).optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
  sort: z.object({ column: z.string(), dir: z.enum(["asc", "desc"]) }).optional(),
  filters: z.array(ZFilterSchema).max(50).default([]),
  search: z.string().max(1000).optional(),
  /** Extra columns to return besides id, source, n_chars and the text preview. */
  columns: z.array(z.string()).max(200).optional(),
});
export type TQueryDocuments = z.input<typeof ZQueryDocumentsSchema>;

export const PREVIEW_CHARS = INDEX_PREVIEW_CHARS;
const BASE_RETURNED = ["id", "source", "n_chars"];

/** Totals per (version and attribute sets, filters, search): an LRU, since versions are immutable. */
const countCache = new Map<string, number>();
const COUNT_CACHE_MAX = 500;

/** One page of a corpus version's documents (joined with its attributes), sorted and filtered in DuckDB. */
export const queryDocuments = async (input: TQueryDocuments) => {
  const q = ZQueryDocumentsSchema.parse(input);
  const version = getReadyVersionOrThrow(q.corpusId, q.versionId);
  const full = buildDocumentRelation(version);
  // Without a text search the in-memory index answers; a text search scans the Parquet shards.
  const needsText = Boolean(q.search?.trim()) || q.filters.some((f) => f.column === "text");
  const index = needsText ? null : await getDocumentIndex(full.key, full);
  const rel = index ? { ...full, columns: index.columns, byName: index.byName, from: `${index.table} AS d` } : full;
  const preview = needsText ? `left(d.text, ${PREVIEW_CHARS})` : `d."__preview"`;
  const params: DuckDBValue[] = [];
  const where = compileWhere(rel, q.filters, q.search, params);
  const wanted = [...new Set([...BASE_RETURNED, ...(q.columns ?? [])])].map((n) => requireColumn(rel, n)).filter((c) => c.name !== "text");
  // Unsorted pages follow corpus order (DuckDB preserves insertion order for plain scans).
  const order = q.sort ? `ORDER BY ${sortClause(requireColumn(rel, q.sort.column), q.sort.dir)}` : "";
  const select = [`${preview} AS "__preview"`, ...wanted.map((c, i) => `${c.expr} AS "c${i}"`)].join(", ");
  const countKey = JSON.stringify([full.key, where, params]);
  const countPromise = cachedCount(countKey, `SELECT count(*) AS n FROM ${rel.from} ${where}`, params);
  let rows: Record<string, unknown>[];
  if (index && order && q.offset >= DEEP_OFFSET) {
    const perm = await getSortedPermutation(index.table, where, params, order);
    rows = await queryRows(
      `SELECT ${select} FROM ${perm} AS p JOIN ${index.table} AS d ON d.rowid = p.rid WHERE p.pos >= $1 AND p.pos < $2 ORDER BY p.pos`,
      [q.offset, q.offset + q.limit],
    );
  } else {
    rows = await queryRows(`SELECT ${select} FROM ${rel.from} ${where} ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [...params, q.limit, q.offset]);
  }
  const total = await countPromise;
  return {
    versionId: version.id,
    total,
    offset: q.offset,
    columns: wanted.map(describeColumn),
    rows: rows.map((r) => {
      const out: Record<string, unknown> = { preview: r.__preview };
      wanted.forEach((c, i) => (out[c.name] = jsonValue(r[`c${i}`])));
      return out;
    }),
  };
};

const sortClause = (c: TRelationColumn, dir: "asc" | "desc") => {
  if (c.name === "text") throw new AppError("UNPROCESSABLE", "Sorting by the full text is not supported; sort by n_chars instead");
  return `${c.expr} ${dir === "asc" ? "ASC" : "DESC"} NULLS LAST, d.id`;
};

const cachedCount = async (key: string, sql: string, params: DuckDBValue[]): Promise<number> => {
  const hit = countCache.get(key);
  if (hit !== undefined) {
    // Least recently used first: a hit moves to the back of the Map's insertion order.
    countCache.delete(key);
    countCache.set(key, hit);
    return hit;
  }
  const [{ n }] = await queryRows<{ n: bigint }>(sql, params);
  if (countCache.size >= COUNT_CACHE_MAX) countCache.delete(countCache.keys().next().value!);
  countCache.set(key, toNumber(n));
  return toNumber(n);
};

export const describeColumn = (c: TRelationColumn) => ({ name: c.name, type: c.type, origin: c.origin, description: c.description, better: c.better });

/** BigInts become numbers; anything else JSON can carry stays as is. */
export const jsonValue = (v: unknown): unknown => {
  if (typeof v === "bigint") return Number(v);
  if (Array.isArray(v)) return v.map(jsonValue);
  if (v instanceof Date) return v.toISOString();
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonValue(x)]));
  return v;
};

/** Every field of one document, with the full text. */
export const getDocument = async (corpusId: string, docId: string, versionId?: string) => {
  const version = getReadyVersionOrThrow(corpusId, versionId);
  const rel = buildDocumentRelation(version);
  const select = rel.columns.map((c, i) => `${c.expr} AS "c${i}"`).join(", ");
  const rows = await queryRows(`SELECT ${select} FROM ${rel.from} WHERE d.id = $1 LIMIT 1`, [docId]);
  if (rows.length === 0) throw new AppError("NOT_FOUND", `Document "${docId}" not found in this corpus version`);
  const fields: Record<string, unknown> = {};
  rel.columns.forEach((c, i) => (fields[c.name] = jsonValue(rows[0][`c${i}`])));
  return { versionId: version.id, columns: rel.columns.map(describeColumn), fields, flaggedLines: flaggedLines(version.id, String(fields.text ?? "")) };
};

/** Lines that tripped a line-level rule of an annotator that ran on this version, with that run's config. */
const flaggedLines = (versionId: string, text: string): TFlaggedLine[] => {
  const out: TFlaggedLine[] = [];
  for (const set of listReadyAttributeSets(versionId)) {
    for (const a of JSON.parse(set.annotatorsJson) as { id: string; config: unknown }[]) {
      const annotator = listAnnotators().find((x) => x.id === a.id);
      if (annotator?.flagLines) out.push(...annotator.flagLines(text, a.config).map((f) => ({ line: f.line, rule: `${a.id}: ${f.rule}` })));
    }
  }
  return out;
};
