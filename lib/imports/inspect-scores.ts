import path from "node:path";
import type { TColumnType } from "@/lib/annotators/types";
import { jsonValue } from "@/lib/corpora/query-documents";
import { queryRows, toNumber } from "@/lib/duckdb/instance";
import { AppError, errorMessage } from "@/lib/errors";
import { detectFormat } from "@/lib/ingest/formats";
import { defaultPrefix, scoresReader } from "@/lib/imports/scores-file";

/** A column of a scores file: DuckDB's inferred type and the attribute type it maps to (null: not importable). */
export type TScoresColumn = { name: string; duckType: string; type: TColumnType | null };

export type TScoresInspection = {
  fileName: string;
  format: string;
  rows: number;
  columns: TScoresColumn[];
  /** A likely id column (`id`, `doc_id`, `*_id`), or null. */
  idColumn: string | null;
  prefix: string;
  sampleRows: Record<string, unknown>[];
};

/**
 * DuckDB type → attribute type: integers → BIGINT, floating point and decimals → DOUBLE, BOOLEAN,
 * text-like (VARCHAR, JSON of mixed values, dates, UUIDs) → VARCHAR; lists, structs, maps and blobs
 * are not importable.
 */
export const mapDuckType = (t: string): TColumnType | null => {
  const u = t.toUpperCase();
  if (u === "BOOLEAN") return "BOOLEAN";
  if (/^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/.test(u)) return "BIGINT";
  if (/^(FLOAT|DOUBLE|REAL|DECIMAL(\(\d+,\s*\d+\))?)$/.test(u)) return "DOUBLE";
  if (/^(VARCHAR|JSON|UUID|DATE|TIME|TIMESTAMP.*|ENUM.*)$/.test(u)) return "VARCHAR";
  return null;
};

const ID_GUESS = [/^id$/i, /^doc_?id$/i, /^document_?id$/i, /_id$/i];

/** The columns, row count and first rows of a scores file, with a guessed id column and prefix. */
export const inspectScores = async (file: string): Promise<TScoresInspection> => {
  const src = scoresReader(file);
  let described: { column_name: string; column_type: string }[];
  try {
    described = await queryRows(`DESCRIBE SELECT * FROM ${src}`);
  } catch (e) {
    throw new AppError("UNPROCESSABLE", `Could not read ${path.basename(file)}: ${errorMessage(e).split("\n")[0]}`);
  }
  const columns = described.map((c) => ({ name: c.column_name, duckType: c.column_type, type: mapDuckType(c.column_type) }));
  const [{ n }] = await queryRows<{ n: bigint }>(`SELECT count(*) AS n FROM ${src}`);
  const sampleRows = (await queryRows(`SELECT * FROM ${src} LIMIT 5`)).map((r) => jsonValue(r) as Record<string, unknown>);
  const idColumn = ID_GUESS.map((re) => columns.find((c) => re.test(c.name))?.name).find(Boolean) ?? null;
  return { fileName: path.basename(file), format: detectFormat(file)?.format ?? "unknown", rows: toNumber(n), columns, idColumn, prefix: defaultPrefix(file), sampleRows };
};
