import path from "node:path";

export const INPUT_FORMATS = ["jsonl", "json", "csv", "tsv", "parquet", "txt"] as const;
export type TInputFormat = (typeof INPUT_FORMATS)[number];
export type TCompression = "none" | "gzip" | "zstd";

export type TDetectedFormat = { format: TInputFormat; compression: TCompression };

const EXT_FORMATS: Record<string, TInputFormat> = {
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".jsonlines": "jsonl",
  ".json": "json",
  ".csv": "csv",
  ".tsv": "tsv",
  ".parquet": "parquet",
  ".txt": "txt",
};

/** Detects the format from the file name: `docs.jsonl.zst` → jsonl + zstd. Null when unsupported. */
export const detectFormat = (fileName: string): TDetectedFormat | null => {
  let name = path.basename(fileName).toLowerCase();
  let compression: TCompression = "none";
  if (name.endsWith(".gz")) {
    compression = "gzip";
    name = name.slice(0, -3);
  } else if (name.endsWith(".zst") || name.endsWith(".zstd")) {
    compression = "zstd";
    name = name.slice(0, name.lastIndexOf("."));
  }
  const format = EXT_FORMATS[path.extname(name)];
  if (!format) return null;
  if (format === "parquet" && compression !== "none") return null;
  return { format, compression };
};

export const SUPPORTED_EXTENSIONS = ".jsonl, .ndjson, .json, .csv, .tsv, .parquet, .txt (json/csv/tsv/txt optionally .gz or .zst)";
