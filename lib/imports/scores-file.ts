import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { detectFormat } from "@/lib/ingest/formats";
import { assertPathAllowed, uploadFilePath } from "@/lib/ingest/source-spec";
import { quoteLiteral } from "@/lib/duckdb/instance";

/** A scores file: an upload (POST /api/uploads) or a local path under the allowed data roots. */
export const ZScoresSourceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("upload"), uploadId: z.string().regex(/^upl_[a-z0-9]+$/, "invalid upload id") }),
  z.object({ kind: z.literal("path"), path: z.string().min(1) }),
]);
export type TScoresSource = z.infer<typeof ZScoresSourceSchema>;

export const SCORES_EXTENSIONS = ".parquet, .jsonl / .ndjson / .json, .csv, .tsv (text formats optionally .gz or .zst)";

/** The local file a source stands for (checked against the data roots unless `trusted`). */
export const resolveScoresFile = (source: TScoresSource, opts: { trusted?: boolean } = {}): string => {
  const file = source.kind === "upload" ? uploadFilePath(source.uploadId) : opts.trusted ? path.resolve(source.path) : assertPathAllowed(source.path);
  if (!fs.existsSync(file)) throw new AppError("NOT_FOUND", `No such file: ${file}`);
  if (!fs.statSync(file).isFile()) throw new AppError("UNPROCESSABLE", `${file} is a folder; give one scores file`);
  return file;
};

/**
 * The DuckDB table function reading a scores file. Types are inferred from every row
 * (`sample_size = -1`), so a value late in the file cannot break the read.
 */
export const scoresReader = (file: string): string => {
  const fmt = detectFormat(file);
  const f = quoteLiteral(file);
  if (!fmt || fmt.format === "txt") throw new AppError("UNPROCESSABLE", `Unsupported scores file ${path.basename(file)}. Supported: ${SCORES_EXTENSIONS}`);
  if (fmt.format === "parquet") return `read_parquet(${f})`;
  if (fmt.format === "jsonl") return `read_json(${f}, format = 'newline_delimited', sample_size = -1)`;
  if (fmt.format === "json") return `read_json(${f}, format = 'auto', sample_size = -1)`;
  return `read_csv(${f}, header = true, sample_size = -1${fmt.format === "tsv" ? ", delim = '\\t'" : ""})`;
};

/** A default column prefix from the file name: `pds-scores.v2.jsonl.gz` → `pds_scores_v2`. */
export const defaultPrefix = (file: string): string => {
  const base = path
    .basename(file)
    .replace(/(\.(jsonl|ndjson|json|csv|tsv|parquet))?(\.(gz|zst|zstd))?$/i, "")
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 40);
  return /^[a-z]/.test(base) ? base : `scores${base ? `_${base}` : ""}`.slice(0, 40);
};

/** A column name as it appears after the prefix: lower-case letters, digits and underscores. */
export const columnSuffix = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "") || "column";
