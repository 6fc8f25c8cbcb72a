import fs from "node:fs";
import { isUtf8 } from "node:buffer";
import path from "node:path";
import { withDuck, quoteLiteral, toNumber } from "@/lib/duckdb/instance";
import { csvSource } from "@/lib/ingest/csv-source";
import type { TDetectedFormat } from "@/lib/ingest/formats";
import { readInputChunks, splitLines } from "@/lib/ingest/open-input";
import type { RecordAcceptor } from "@/lib/ingest/record-acceptor";

export type TInputFile = { path: string; /** Name shown in reports, relative to the linked folder. */ name: string; size: number } & TDetectedFormat;

export type TReadContext = {
  acceptor: RecordAcceptor;
  defaultSource: string;
  scratchDir: string;
  maxDecompressedBytes: number;
  onBytes: (n: number) => void;
  checkpoint: () => void;
};

const MAX_JSON_DOCUMENT_BYTES = 256 << 20;

/** Feeds every record of one input file to the acceptor. */
export const readInputFile = async (file: TInputFile, ctx: TReadContext): Promise<void> => {
  switch (file.format) {
    case "jsonl":
      return readJsonLines(file.path, file, ctx);
    case "json":
      return readJson(file, ctx);
    case "txt":
      return readTextFile(file, ctx);
    case "csv":
    case "tsv":
    case "parquet":
      return readTabular(file, ctx);
  }
};

const readJsonLines = async (pathToRead: string, file: TInputFile, ctx: TReadContext, compression = file.compression): Promise<void> => {
  const chunks = readInputChunks(pathToRead, compression, ctx.maxDecompressedBytes);
  const lines = splitLines(chunks, ctx.onBytes, (message, partial) => {
    ctx.acceptor.tally.add("truncated_input", file.name, partial?.lineNo ?? null, message, partial?.buf);
  });
  let n = 0;
  for await (const line of lines) {
    ctx.acceptor.acceptLine(file.name, line, ctx.defaultSource);
    if (++n % 2000 === 0) ctx.checkpoint();
  }
};

/** A `.json` file: a JSON array of records, an object holding one such array, or JSON lines. */
const readJson = async (file: TInputFile, ctx: TReadContext): Promise<void> => {
  const parts: Buffer[] = [];
  let size = 0;
  let truncated: string | null = null;
  for await (const ev of readInputChunks(file.path, file.compression, ctx.maxDecompressedBytes)) {
    if (ev.kind === "truncated") {
      truncated = ev.message;
      break;
    }
    ctx.onBytes(ev.compressedBytes);
    size += ev.chunk.length;
    if (size > MAX_JSON_DOCUMENT_BYTES) break;
    parts.push(ev.chunk);
  }
  const whole = Buffer.concat(parts);
  const firstByte = whole.find((b) => b !== 32 && b !== 9 && b !== 10 && b !== 13);
  if (size <= MAX_JSON_DOCUMENT_BYTES && !truncated && (firstByte === 91 || firstByte === 123)) {
    let parsed: unknown = undefined;
    try {
      parsed = JSON.parse(whole.toString("utf8"));
    } catch {
      parsed = undefined;
    }
    const records = recordsOf(parsed);
    if (records) {
      records.forEach((r, i) => {
        if (r === null || typeof r !== "object" || Array.isArray(r)) {
          ctx.acceptor.tally.add("not_an_object", file.name, i + 1, `Array element ${i + 1} is not an object`, JSON.stringify(r));
        } else ctx.acceptor.acceptRecord(file.name, i + 1, r as Record<string, unknown>, ctx.defaultSource);
      });
      return;
    }
    if (firstByte === 91) {
      ctx.acceptor.tally.add("invalid_json", file.name, null, "The file starts with [ but is not a valid JSON array", whole.subarray(0, 200));
      return;
    }
  } else if (firstByte === 91 && size > MAX_JSON_DOCUMENT_BYTES) {
    throw new Error(`${file.name}: JSON arrays over ${MAX_JSON_DOCUMENT_BYTES >> 20} MiB are not supported; convert the file to JSON lines`);
  }
  // Not one JSON document: read it as JSON lines.
  await readJsonLines(file.path, file, { ...ctx, onBytes: () => {} });
};

const recordsOf = (v: unknown): unknown[] | null => {
  if (Array.isArray(v)) return v;
  if (v && typeof v === "object") {
    const arrays = Object.values(v).filter((x) => Array.isArray(x) && x.length > 0 && typeof x[0] === "object");
    if (arrays.length === 1) return arrays[0] as unknown[];
    return [v];
  }
  return null;
};

const readTextFile = async (file: TInputFile, ctx: TReadContext): Promise<void> => {
  const chunks: Buffer[] = [];
  let truncated: string | null = null;
  for await (const ev of readInputChunks(file.path, file.compression, ctx.maxDecompressedBytes)) {
    if (ev.kind === "truncated") {
      truncated = ev.message;
      break;
    }
    ctx.onBytes(ev.compressedBytes);
    chunks.push(ev.chunk);
  }
  const buf = Buffer.concat(chunks);
  if (truncated) {
    ctx.acceptor.tally.add("truncated_input", file.name, null, truncated, buf.subarray(0, 200));
    return;
  }
  if (!isUtf8(buf)) {
    ctx.acceptor.tally.add("invalid_utf8", file.name, null, "File is not valid UTF-8 text", buf.subarray(0, 200));
    return;
  }
  const text = buf.toString("utf8").replace(/^\uFEFF/, "");
  ctx.acceptor.acceptRecord(file.name, null, { id: file.name, text, filename: file.name }, ctx.defaultSource);
};

/** CSV, TSV and Parquet are converted to JSON lines by DuckDB, then read like any JSON lines file. */
const readTabular = async (file: TInputFile, ctx: TReadContext): Promise<void> => {
  fs.mkdirSync(ctx.scratchDir, { recursive: true });
  const out = path.join(ctx.scratchDir, `tabular-${Date.now()}-${Math.random().toString(36).slice(2)}.jsonl`);
  const src = quoteLiteral(file.path);
  await withDuck(async (conn) => {
    const from = file.format === "parquet" ? `read_parquet(${src})` : await csvSource(conn, file, "store_rejects = true");
    await conn.run(`COPY (SELECT * FROM ${from}) TO ${quoteLiteral(out)} (FORMAT json)`);
    if (file.format !== "parquet") {
      const rejects = await conn.runAndReadAll(
        // One input line can be rejected for several reasons: report it once.
        "SELECT line, first(error_type) AS error_type, first(error_message) AS error_message, first(csv_line) AS csv_line FROM reject_errors GROUP BY line ORDER BY line",
      );
      for (const r of rejects.getRowObjectsJS()) {
        ctx.acceptor.tally.add("csv_error", file.name, toNumber(r.line), `${r.error_type}: ${String(r.error_message).split("\n")[0]}`, String(r.csv_line ?? ""));
      }
    }
  });
  ctx.onBytes(file.size);
  try {
    await readJsonLines(out, { ...file, name: file.name }, { ...ctx, onBytes: () => {} }, "none");
  } finally {
    fs.rmSync(out, { force: true });
  }
};
