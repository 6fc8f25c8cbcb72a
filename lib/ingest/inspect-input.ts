import { isUtf8 } from "node:buffer";
import { quoteLiteral, withDuck } from "@/lib/duckdb/instance";
import { csvSource } from "@/lib/ingest/csv-source";
import { detectIdField, detectTextField } from "@/lib/ingest/field-mapping";
import { readInputChunks, splitLines } from "@/lib/ingest/open-input";
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

/** Reads the first records of the first input file to show its fields and guess the mapping. */
export const inspectInput = async (files: TInputFile[]): Promise<TInspection> => {
  const first = files[0];
  const records = await sampleRecords(first);
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

const sampleRecords = async (file: TInputFile): Promise<Record<string, unknown>[]> => {
  if (file.format === "txt") return [{ id: file.name, text: "(file content)", filename: file.name }];
  if (file.format === "csv" || file.format === "tsv" || file.format === "parquet") {
    return withDuck(async (conn) => {
      const from = file.format === "parquet" ? `read_parquet(${quoteLiteral(file.path)})` : await csvSource(conn, file, "ignore_errors = true");
      const reader = await conn.runAndReadAll(`SELECT * FROM ${from} LIMIT ${SAMPLE_RECORDS}`);
      return reader.getRowObjectsJson() as Record<string, unknown>[];
    });
  }
  const out: Record<string, unknown>[] = [];
  const lines = splitLines(readInputChunks(file.path, file.compression, 1 << 30), () => {}, () => {});
  let text = "";
  for await (const line of lines) {
    if (out.length >= SAMPLE_RECORDS) break;
    if (!isUtf8(line.buf)) continue;
    const s = line.buf.toString("utf8");
    if (file.format === "json" && out.length === 0 && text.length < 64 << 20) text += `${s}\n`;
    try {
      const v = JSON.parse(s);
      if (v && typeof v === "object" && !Array.isArray(v)) out.push(v);
    } catch {
      /* not a JSON line */
    }
  }
  if (out.length === 0 && file.format === "json") {
    try {
      const v = JSON.parse(text);
      const arr = Array.isArray(v) ? v : Object.values(v).find((x) => Array.isArray(x));
      if (Array.isArray(arr)) return arr.filter((x) => x && typeof x === "object").slice(0, SAMPLE_RECORDS);
      if (v && typeof v === "object") return [v];
    } catch {
      /* fall through */
    }
  }
  return out;
};
