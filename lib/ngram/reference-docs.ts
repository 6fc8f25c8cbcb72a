import type { DuckDBValue } from "@duckdb/node-api";
import { compileWhere, type TFilter } from "@/lib/corpora/document-filters";
import { buildDocumentRelation } from "@/lib/corpora/document-relation";
import type { TCorpusVersionRow } from "@/lib/corpora/versions";
import { queryRows, toNumber } from "@/lib/duckdb/instance";
import { streamBatches } from "@/lib/duckdb/stream-rows";

/**
 * The reference set of an n-gram model: the documents of a corpus version that pass the filters and
 * the text search (over documents and every ready attribute set, as in the documents table), split into a training
 * part and a held-out part by a hash of the document id: u = md5(id, "ngram-heldout") ∈ [0, 1),
 * held out when u < heldoutFraction. The split is the same on every run; `maxDocs` keeps the
 * training documents with the smallest u (a reproducible random sample).
 */
export type TReferenceSet = { version: TCorpusVersionRow; filters: TFilter[]; search?: string; heldoutFraction: number; maxDocs?: number };

const U = `((CAST(md5_number_lower(d.id || ':ngram-heldout') AS DOUBLE) + 0.5) / 18446744073709551616.0)`;

const compile = (ref: TReferenceSet) => {
  const rel = buildDocumentRelation(ref.version);
  const params: DuckDBValue[] = [];
  const where = compileWhere(rel, ref.filters, ref.search, params);
  return { rel, params, where: where || "WHERE true" };
};

/** Checks the filters against the version's columns (throws AppError on an unknown column). */
export const checkReferenceFilters = (ref: TReferenceSet): void => void compile(ref);

/** Documents in the reference set: training (after `maxDocs`) and held-out. */
export const countReferenceSet = async (ref: TReferenceSet): Promise<{ train: number; heldout: number; matching: number }> => {
  const { rel, params, where } = compile(ref);
  const [r] = await queryRows<{ n: bigint; h: bigint | null }>(
    `SELECT count(*) AS n, sum(CASE WHEN ${U} < $${params.length + 1} THEN 1 ELSE 0 END) AS h FROM ${rel.from} ${where}`,
    [...params, ref.heldoutFraction],
  );
  const matching = toNumber(r.n);
  const heldout = toNumber(r.h);
  const train = ref.maxDocs === undefined ? matching - heldout : Math.min(ref.maxDocs, matching - heldout);
  return { train, heldout, matching };
};

/** Streams the texts of one part of the reference set, in batches. */
export const referenceTexts = (ref: TReferenceSet, part: "train" | "heldout", batchSize = 500): AsyncGenerator<string[]> => {
  const { rel, params, where } = compile(ref);
  const f = `$${params.length + 1}`;
  const limit = part === "train" && ref.maxDocs !== undefined ? `ORDER BY ${U} LIMIT ${Math.floor(ref.maxDocs)}` : "";
  const sql = `SELECT d.text FROM ${rel.from} ${where} AND ${U} ${part === "heldout" ? "<" : ">="} ${f} ${limit}`;
  return streamBatches(sql, [...params, ref.heldoutFraction], batchSize, (r) => String(r[0] ?? ""));
};
