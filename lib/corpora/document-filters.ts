import { z } from "zod";
import type { TDocumentRelation, TRelationColumn } from "@/lib/corpora/document-relation";
import { isReservedName, RESERVED_PREFIX } from "@/lib/corpora/reserved-names";
import type { DuckDBValue } from "@duckdb/node-api";
import { AppError } from "@/lib/errors";

/**
 * A number compared with a column. Bound as a DuckDB parameter, a whole number at or above 2^63
 * cannot be bound (a 500 "bigint out of int64 range"), so values are limited to ±9·10^18.
 */
export const ZFilterNumber = z.number().min(-9e18).max(9e18);
const ZScalar = z.union([z.string(), ZFilterNumber, z.boolean()]);

export const ZFilterSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("range"), column: z.string(), min: ZFilterNumber.nullish(), max: ZFilterNumber.nullish() }),
  z.object({ op: z.literal("in"), column: z.string(), values: z.array(ZScalar).min(1).max(1000) }),
  z.object({ op: z.literal("eq"), column: z.string(), value: ZScalar }),
  z.object({ op: z.literal("contains"), column: z.string(), value: z.string().min(1) }),
  z.object({ op: z.literal("null"), column: z.string(), isNull: z.boolean() }),
]);
export type TFilter = z.infer<typeof ZFilterSchema>;

const NUMERIC = /^(BIGINT|INTEGER|DOUBLE|FLOAT|REAL|DECIMAL|HUGEINT|SMALLINT|TINYINT|UBIGINT|UINTEGER)/i;
export const isNumericType = (t: string): boolean => NUMERIC.test(t);

/** Looks a column up by name; anything not in the relation is rejected with a clear message. */
export const requireColumn = (rel: TDocumentRelation, name: string): TRelationColumn => {
  if (isReservedName(name)) throw new AppError("UNPROCESSABLE", `Column names starting with "${RESERVED_PREFIX}" are reserved for Winnow's internal columns; "${name}" cannot be queried`);
  const c = rel.byName.get(name);
  if (!c) throw new AppError("UNPROCESSABLE", `Unknown column "${name}". Known columns: ${[...rel.byName.keys()].join(", ")}`);
  return c;
};

/** Compiles filters and a text search into a WHERE clause with bound parameters. */
export const compileWhere = (rel: TDocumentRelation, filters: TFilter[], search: string | undefined, params: DuckDBValue[]): string => {
  const conds = compileConditions(rel, filters, search, params);
  return conds.length ? `WHERE ${conds.join(" AND ")}` : "";
};

/** The same filters as one boolean SQL expression (`TRUE` when there are none). */
export const compileCondition = (rel: TDocumentRelation, filters: TFilter[], params: DuckDBValue[]): string => {
  const conds = compileConditions(rel, filters, undefined, params);
  return conds.length ? `(${conds.join(" AND ")})` : "TRUE";
};

const compileConditions = (rel: TDocumentRelation, filters: TFilter[], search: string | undefined, params: DuckDBValue[]): string[] => {
  const conds: string[] = [];
  const bind = (v: DuckDBValue) => {
    params.push(v);
    return `$${params.length}`;
  };
  for (const f of filters) {
    const c = requireColumn(rel, f.column);
    switch (f.op) {
      case "range":
        if (!isNumericType(c.type)) throw new AppError("UNPROCESSABLE", `Column "${c.name}" is ${c.type}, not numeric; a range filter needs a number column`);
        if (f.min !== null && f.min !== undefined) conds.push(`${c.expr} >= ${bind(f.min)}`);
        if (f.max !== null && f.max !== undefined) conds.push(`${c.expr} <= ${bind(f.max)}`);
        break;
      case "in":
        conds.push(`${c.expr} IN (${f.values.map((v) => bind(coerce(c, v))).join(", ")})`);
        break;
      case "eq":
        conds.push(`${c.expr} = ${bind(coerce(c, f.value))}`);
        break;
      case "contains":
        conds.push(`contains(lower(CAST(${c.expr} AS VARCHAR)), ${bind(f.value.toLowerCase())})`);
        break;
      case "null":
        conds.push(`${c.expr} IS ${f.isNull ? "" : "NOT "}NULL`);
        break;
    }
  }
  // Case-insensitive substring: RE2's (?i) over the text costs about 40 % less CPU than lower() +
  // contains() on the same rows (bench/RESULTS.md, text-search predicates).
  if (search && search.trim()) conds.push(`regexp_matches(d.text, ${bind(`(?i)${escapeRegex(search.trim())}`)})`);
  return conds;
};

/** The text as an RE2 pattern that matches it literally. */
const escapeRegex = (text: string): string => text.replace(/[\\^$.|?*+()[\]{}-]/g, "\\$&");

const coerce = (c: TRelationColumn, v: string | number | boolean): DuckDBValue => {
  if (c.type === "BOOLEAN") return v === true || v === "true" || v === 1;
  if (isNumericType(c.type)) {
    const n = Number(v);
    if (!Number.isFinite(n)) throw new AppError("UNPROCESSABLE", `"${v}" is not a number (column "${c.name}")`);
    return n;
  }
  return String(v);
};
