import type { DuckDBValue } from "@duckdb/node-api";
import { z } from "zod";
import { listReadyAttributeSets } from "@/lib/annotate/attribute-sets";
import { listAnnotators } from "@/lib/annotators";
import type { TFlaggedLine } from "@/lib/annotators/types";
import { buildDocumentRelation, type TDocumentRelation, type TRelationColumn } from "@/lib/corpora/document-relation";
import { RESERVED_PREFIX } from "@/lib/corpora/reserved-names";
import { indexRelation, INDEX_POS, INDEX_PREVIEW, INDEX_PREVIEW_CHARS, withDocumentIndex, type TDocumentIndex } from "@/lib/corpora/document-index";
import { DEEP_OFFSET, PERM_RANK, withSortedPermutation } from "@/lib/corpora/sorted-pages";
import { compileWhere, requireColumn, ZFilterSchema } from "@/lib/corpora/document-filters";
import { getReadyVersionOrThrow } from "@/lib/corpora/versions";
import { queryRows, toNumber, type TQueryOptions } from "@/lib/duckdb/instance";
import { createMemo, createSingleFlight } from "@/lib/duckdb/shared-cache";
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

/** Totals per (version and attribute sets, filters, search): versions are immutable, so they never go stale. */
const counts = createMemo<number>({ max: 500 });
/** Identical page requests running at the same time share one query. */
const pages = createSingleFlight<TPage>();
/** A page or count query running longer than this is stopped (503) rather than holding a connection. */
export const QUERY_TIMEOUT_MS = 60_000;

type TPage = { versionId: string; total: number; offset: number; columns: ReturnType<typeof describeColumn>[]; rows: Record<string, unknown>[] };

/**
 * One page of a corpus version's documents (joined with its attributes), sorted and filtered in
 * DuckDB. `signal` (the request's) stops the page query when the client goes away.
 */
export const queryDocuments = async (input: TQueryDocuments, opts: Pick<TQueryOptions, "signal"> = {}): Promise<TPage> => {
  const q = ZQueryDocumentsSchema.parse(input);
  const version = getReadyVersionOrThrow(q.corpusId, q.versionId);
  const full = buildDocumentRelation(version);
  // Without a text search the in-memory index answers; a text search scans the Parquet shards.
  const needsText = Boolean(q.search?.trim()) || q.filters.some((f) => f.column === "text");
  const key = JSON.stringify([full.key, q]);
  return pages(
    key,
    (signal) => (needsText ? page(version.id, full, null, q, signal) : withDocumentIndex(full, (index) => page(version.id, indexRelation(full, index), index, q, signal))),
    opts.signal,
  );
};

const page = async (versionId: string, rel: TDocumentRelation, index: TDocumentIndex | null, q: z.infer<typeof ZQueryDocumentsSchema>, signal: AbortSignal): Promise<TPage> => {
  const preview = index ? `d.${INDEX_PREVIEW}` : `left(d.text, ${PREVIEW_CHARS})`;
  const params: DuckDBValue[] = [];
  const where = compileWhere(rel, q.filters, q.search, params);
  const wanted = [...new Set([...BASE_RETURNED, ...(q.columns ?? [])])].map((n) => requireColumn(rel, n)).filter((c) => c.name !== "text");
  const idExpr = requireColumn(rel, "id").expr;
  // Unsorted pages follow corpus order: the index is stored in it (a plain scan keeps it); the
  // Parquet scan is ordered by shard and row, since the attribute joins need not keep it.
  const order = q.sort ? `ORDER BY ${sortClause(requireColumn(rel, q.sort.column), q.sort.dir, idExpr)}` : index ? "" : `ORDER BY ${rel.corpusOrder}`;
  const select = [`${preview} AS ${INDEX_PREVIEW}`, ...wanted.map((c, i) => `${c.expr} AS ${RESERVED_PREFIX}r${i}`)].join(", ");
  const countPromise = counts.get(JSON.stringify([rel.key, index !== null, where, params]), async () => {
    const [{ n }] = await queryRows<{ n: bigint }>(`SELECT count(*) AS n FROM ${rel.from} ${where}`, params, { timeoutMs: QUERY_TIMEOUT_MS });
    return toNumber(n);
  });
  const run = { signal, timeoutMs: QUERY_TIMEOUT_MS };
  let rows: Record<string, unknown>[];
  try {
    if (index && order && q.offset >= DEEP_OFFSET) {
      rows = await withSortedPermutation(index, where, params, order, (perm) =>
        queryRows(
          `SELECT ${select} FROM ${perm} AS p JOIN ${index.table} AS d ON d.${INDEX_POS} = p.${INDEX_POS} WHERE p.${PERM_RANK} >= $1 AND p.${PERM_RANK} < $2 ORDER BY p.${PERM_RANK}`,
          [q.offset, q.offset + q.limit],
          run,
        ),
      );
    } else if (index && !order && !where) {
      // Unfiltered corpus order: positions are the row numbers, so any page is a range lookup.
      rows = await queryRows(`SELECT ${select} FROM ${rel.from} WHERE d.${INDEX_POS} >= $1 AND d.${INDEX_POS} < $2 ORDER BY d.${INDEX_POS}`, [q.offset, q.offset + q.limit], run);
    } else {
      rows = await queryRows(`SELECT ${select} FROM ${rel.from} ${where} ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [...params, q.limit, q.offset], run);
    }
  } catch (e) {
    // The count runs on the same (leased) index: let it settle before the lease is released.
    await countPromise.catch(() => {});
    throw e;
  }
  const total = await countPromise;
  return {
    versionId,
    total,
    offset: q.offset,
    columns: wanted.map(describeColumn),
    rows: rows.map((r) => {
      const out: Record<string, unknown> = { preview: r[INDEX_PREVIEW] };
      wanted.forEach((c, i) => (out[c.name] = jsonValue(r[`${RESERVED_PREFIX}r${i}`])));
      return out;
    }),
  };
};

const sortClause = (c: TRelationColumn, dir: "asc" | "desc", idExpr: string) => {
  if (c.name === "text") throw new AppError("UNPROCESSABLE", "Sorting by the full text is not supported; sort by n_chars instead");
  return `${c.expr} ${dir === "asc" ? "ASC" : "DESC"} NULLS LAST, ${idExpr}`;
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
  const select = rel.columns.map((c, i) => `${c.expr} AS ${RESERVED_PREFIX}r${i}`).join(", ");
  const rows = await queryRows(`SELECT ${select} FROM ${rel.from} WHERE ${requireColumn(rel, "id").expr} = $1 LIMIT 1`, [docId]);
  if (rows.length === 0) throw new AppError("NOT_FOUND", `Document "${docId}" not found in this corpus version`);
  const fields: Record<string, unknown> = {};
  rel.columns.forEach((c, i) => (fields[c.name] = jsonValue(rows[0][`${RESERVED_PREFIX}r${i}`])));
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
