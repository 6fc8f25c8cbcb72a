import { isUtf8 } from "node:buffer";
import { quoteLiteral, withDuck } from "@/lib/duckdb/instance";
import { csvSource } from "@/lib/ingest/csv-source";
import { detectIdField, detectTextField } from "@/lib/ingest/field-mapping";
import { streamJsonArray } from "@/lib/ingest/json-array";
import { DEFAULT_MAX_LINE_BYTES, DecompressionLimitError, readInputChunks, splitLines } from "@/lib/ingest/open-input";
import type { TInputFile } from "@/lib/ingest/read-input-file";

export type TFieldInfo = { name: string; type: string; sample: string };
export type TInspection = {
  format: string;
  compression: string;
  files: number;
  fields: TFieldInfo[];
  textField: string | null;
  idField: string | null;
  sampleRows: Record<string, unknown>[];
};

const SAMPLE_RECORDS = 200;
/** Files tried, in order, until one yields records (empty or unreadable ones are passed over). */
const MAX_FILES_TRIED = 20;
/** Decompressed bytes read from one file while sampling, at most. */
const MAX_SAMPLE_BYTES = 256 << 20;

export type TInspectLimits = { maxDecompressedBytes: number; maxLineBytes: number };

/**
 * Reads the first records of the first input file that has any, to show its fields and guess the
 * mapping. Sampling obeys the ingest caps (decompressed size, line length) and reads at most
 * 256 MiB of a file; a file it cannot sample is passed over (ingest reports it).
 */
export const inspectInput = async (files: TInputFile[], limits: Partial<TInspectLimits> = {}): Promise<TInspection> => {
  const caps: TInspectLimits = {
    maxDecompressedBytes: Math.min(limits.maxDecompressedBytes ?? MAX_SAMPLE_BYTES, MAX_SAMPLE_BYTES),
    maxLineBytes: limits.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
  };
  let first = files[0];
  let records: Record<string, unknown>[] = [];
  for (const f of files.slice(0, MAX_FILES_TRIED)) {
    if (f.size === 0) continue;
    try {
      records = await sampleRecords(f, caps);
    } catch {
      records = [];
    }
    if (records.length > 0) {
      first = f;
      break;
    }
  }
  const types = new Map<string, Set<string>>();
  const samples = new Map<string, string>();
  for (const r of records) {
    for (const [k, v] of Object.entries(r)) {
      if (!types.has(k)) types.set(k, new Set());
      if (v !== null && v !== undefined) {
        types.get(k)!.add(Array.isArray(v) ? "array" : typeof v);
        if (!samples.has(k)) samples.set(k, (typeof v === "string" ? v : JSON.stringify(v)).slice(0, 120));
      }
    }
  }
  const textField = detectTextField(records);
  return {
    format: first.format,
    compression: first.compression,
    files: files.length,
    fields: [...types.entries()].map(([name, t]) => ({ name, type: [...t].join("|") || "null", sample: samples.get(name) ?? "" })),
    textField,
    idField: detectIdField(records, textField),
    sampleRows: records.slice(0, 5).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "string" && v.length > 300 ? `${v.slice(0, 300)}…` : v]))),
  };
};

const sampleRecords = async (file: TInputFile, caps: TInspectLimits): Promise<Record<string, unknown>[]> => {
  if (file.format === "txt") return [{ id: file.name, text: "(file content)", file_name: file.name }];
  if (file.format === "csv" || file.format === "tsv" || file.format === "parquet") {
    return withDuck(async (conn) => {
      const from = file.format === "parquet" ? `read_parquet(${quoteLiteral(file.path)})` : await csvSource(conn, file, "ignore_errors = true");
      const reader = await conn.runAndReadAll(`SELECT * FROM ${from} LIMIT ${SAMPLE_RECORDS}`);
      return reader.getRowObjectsJson() as Record<string, unknown>[];
    });
  }
  const out: Record<string, unknown>[] = [];
  const push = (buf: Buffer) => {
    if (!isUtf8(buf)) return;
    try {
      const v = JSON.parse(buf.toString("utf8").replace(/^\uFEFF/, ""));
      if (v && typeof v === "object" && !Array.isArray(v)) out.push(v);
    } catch {
      /* not a JSON object */
    }
  };
  const chunks = () => readInputChunks(file.path, file.compression, caps.maxDecompressedBytes);
  let jsonText: Buffer[] | null = file.format === "json" ? [] : null;
  let jsonBytes = 0;
  const lines = stopAtCap(splitLines(chunks(), () => {}, () => {}, { maxLineBytes: caps.maxLineBytes }));
  for await (const line of lines) {
    if (out.length >= SAMPLE_RECORDS) break;
    if (jsonText && out.length === 0 && jsonBytes < caps.maxLineBytes) {
      jsonText.push(Buffer.from(line.buf), Buffer.from("\n"));
      jsonBytes += line.buf.length + 1;
    } else jsonText = null;
    if (out.length === 0 && line.lineNo === 1 && file.format === "json" && /^\s*(\uFEFF)?\s*\[/.test(line.buf.subarray(0, 16).toString("utf8"))) break;
    push(line.buf);
  }
  if (out.length > 0 || file.format !== "json") return out;
  // A JSON array: its first elements, streamed (a cut-off array still yields its complete ones).
  const elements = stopAtCap(streamJsonArray(chunks(), caps.maxLineBytes, { onBytes: () => {}, onLongElement: () => {}, onIncomplete: () => {}, onTrailing: () => {} }));
  for await (const el of elements) {
    push(el.buf);
    if (out.length >= SAMPLE_RECORDS) break;
  }
  if (out.length > 0) return out;
  // One object (up to the line cap): `{"data": [...]}` or a single record.
  if (jsonText && jsonBytes > 0) {
    try {
      const v = JSON.parse(Buffer.concat(jsonText).toString("utf8").replace(/^\uFEFF/, ""));
      const arr = Array.isArray(v) ? v : Object.values(v).find((x) => Array.isArray(x));
      if (Array.isArray(arr)) return arr.filter((x) => x && typeof x === "object").slice(0, SAMPLE_RECORDS);
      if (v && typeof v === "object") return [v];
    } catch {
      /* not one JSON document */
    }
  }
  return out;
};

/** Ends a sampling stream quietly at the sampling cap: what was read so far is the sample. */
async function* stopAtCap<T>(gen: AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    yield* gen;
  } catch (e) {
    if (!(e instanceof DecompressionLimitError)) throw e;
  }
}
