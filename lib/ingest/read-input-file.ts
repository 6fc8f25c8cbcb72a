import fs from "node:fs";
import { isUtf8 } from "node:buffer";
import path from "node:path";
import { withDuck, quoteLiteral, toNumber } from "@/lib/duckdb/instance";
import { csvSource } from "@/lib/ingest/csv-source";
import type { TDetectedFormat } from "@/lib/ingest/formats";
import { streamJsonArray } from "@/lib/ingest/json-array";
import { DecompressionLimitError, formatMiB, readInputChunks, splitLines, type TInputChunkEvent } from "@/lib/ingest/open-input";
import type { RecordAcceptor } from "@/lib/ingest/record-acceptor";
import { StagingWriteError } from "@/lib/ingest/staging-writer";

export type TInputFile = { path: string; /** Name shown in reports, relative to the linked folder. */ name: string; size: number } & TDetectedFormat;

export type TReadContext = {
  acceptor: RecordAcceptor;
  defaultSource: string;
  scratchDir: string;
  maxDecompressedBytes: number;
  /** Largest JSON line or JSON array element (`WINNOW_MAX_LINE_MB`); longer ones are bad rows. */
  maxLineBytes: number;
  /** Largest `.txt` document (`WINNOW_MAX_TEXT_FILE_MB`); larger files are skipped and reported. */
  maxTextFileBytes: number;
  onBytes: (n: number) => void;
  checkpoint: () => void;
};

/** A `{…}` `.json` document (not JSON lines) is parsed whole up to this size. */
const MAX_JSON_DOCUMENT_BYTES = 256 << 20;

class FileTooLargeError extends Error {}

/** Wraps an error from outside the reading (a cancelled run, a lost lease) so it is not taken for a bad file. */
class PassThrough {
  constructor(readonly inner: unknown) {}
}

const passThrough =
  <A extends unknown[]>(fn: (...a: A) => void) =>
  (...a: A): void => {
    try {
      fn(...a);
    } catch (e) {
      throw new PassThrough(e);
    }
  };

/**
 * Feeds every record of one input file to the acceptor. A file that cannot be read (over a size
 * cap, corrupt, rejected by DuckDB) is reported as one bad row of its own and never stops the
 * other files; rows it yielded before the problem are kept. Errors from outside the file (staging
 * disk full, a cancelled run) still propagate.
 */
export const readInputFile = async (file: TInputFile, rawCtx: TReadContext): Promise<void> => {
  const ctx: TReadContext = { ...rawCtx, onBytes: passThrough(rawCtx.onBytes), checkpoint: passThrough(rawCtx.checkpoint) };
  if (file.size === 0) {
    ctx.acceptor.reportIssue("empty_file", file.name, null, "The file is empty");
    return;
  }
  try {
    switch (file.format) {
      case "jsonl":
        return await readJsonLines(file.path, file, ctx);
      case "json":
        return await readJson(file, ctx);
      case "txt":
        return await readTextFile(file, ctx);
      case "csv":
      case "tsv":
      case "parquet":
        return await readTabular(file, ctx);
    }
  } catch (e) {
    if (e instanceof PassThrough) throw e.inner;
    if (e instanceof StagingWriteError) throw e;
    if (e instanceof DecompressionLimitError) {
      ctx.acceptor.reportIssue("decompression_limit", file.name, null, `${e.message}; reading stopped there, rows before it were kept`);
    } else if (e instanceof FileTooLargeError) {
      ctx.acceptor.reportIssue("file_too_large", file.name, null, e.message);
    } else {
      ctx.acceptor.reportIssue("unreadable_file", file.name, null, (e as Error).message ?? String(e));
    }
  }
};

/** Decompressed chunks, counting whether any non-blank byte came by (an empty `.gz` is an empty file too). */
const countingChunks = (file: TInputFile, pathToRead: string, compression: TInputFile["compression"], ctx: TReadContext) => {
  const state = { nonBlank: false };
  async function* gen(): AsyncGenerator<TInputChunkEvent> {
    for await (const ev of readInputChunks(pathToRead, compression, ctx.maxDecompressedBytes)) {
      if (!state.nonBlank && ev.kind === "data") state.nonBlank = ev.chunk.some((c) => c !== 32 && c !== 9 && c !== 10 && c !== 13);
      yield ev;
    }
  }
  return { chunks: gen(), state };
};

const readJsonLines = async (pathToRead: string, file: TInputFile, ctx: TReadContext, compression = file.compression): Promise<void> => {
  const { chunks, state } = countingChunks(file, pathToRead, compression, ctx);
  const lines = splitLines(
    chunks,
    ctx.onBytes,
    (message, partial) => ctx.acceptor.reportIssue("truncated_input", file.name, partial?.lineNo ?? null, message, partial?.buf),
    {
      maxLineBytes: ctx.maxLineBytes,
      onLongLine: (lineNo, bytes, head) =>
        ctx.acceptor.reportIssue("line_too_long", file.name, lineNo, `Line is ${formatMiB(bytes)} MiB (${bytes} bytes), over the ${formatMiB(ctx.maxLineBytes)} MiB limit (WINNOW_MAX_LINE_MB)`, head),
    },
  );
  let n = 0;
  for await (const line of lines) {
    ctx.acceptor.acceptLine(file.name, line, ctx.defaultSource);
    if (++n % 2000 === 0) ctx.checkpoint();
  }
  if (!state.nonBlank) ctx.acceptor.reportIssue("empty_file", file.name, null, "The file holds no data (only blank space)");
};

/** The first non-blank byte of a file's decompressed content (after a UTF-8 BOM), and the first line. */
const peek = async (file: TInputFile, ctx: TReadContext): Promise<{ first: number | undefined; firstLine: Buffer | null }> => {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const ev of readInputChunks(file.path, file.compression, ctx.maxDecompressedBytes)) {
    if (ev.kind === "truncated") break;
    parts.push(ev.chunk);
    size += ev.chunk.length;
    const nl = ev.chunk.indexOf(10);
    if (nl !== -1 || size > ctx.maxLineBytes) break;
  }
  let buf = Buffer.concat(parts, size);
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
  const first = buf.find((b) => b !== 32 && b !== 9 && b !== 10 && b !== 13);
  const nl = buf.indexOf(10);
  return { first, firstLine: nl === -1 ? null : buf.subarray(0, nl) };
};

/** A `.json` file: a JSON array of records (streamed), an object holding one such array, one object, or JSON lines. */
const readJson = async (file: TInputFile, ctx: TReadContext): Promise<void> => {
  const { first, firstLine } = await peek(file, ctx);
  if (first === undefined) {
    ctx.acceptor.reportIssue("empty_file", file.name, null, "The file holds no data (only blank space)");
    return;
  }
  if (first === 91) return readJsonArray(file, ctx);
  // `{` on a first line that is a whole JSON object: JSON lines in a .json file.
  if (first !== 123 || (firstLine !== null && parsesAsObject(firstLine))) return readJsonLines(file.path, file, ctx);
  const parts: Buffer[] = [];
  let size = 0;
  let truncated: string | null = null;
  for await (const ev of readInputChunks(file.path, file.compression, ctx.maxDecompressedBytes)) {
    if (ev.kind === "truncated") {
      truncated = ev.message;
      break;
    }
    size += ev.chunk.length;
    if (size > MAX_JSON_DOCUMENT_BYTES) throw new FileTooLargeError(`A JSON document that is one object is read whole, up to ${MAX_JSON_DOCUMENT_BYTES >> 20} MiB; this one is larger. Convert it to JSON lines or a JSON array.`);
    parts.push(ev.chunk);
  }
  ctx.onBytes(file.size);
  const whole = Buffer.concat(parts, size);
  let parsed: unknown = undefined;
  try {
    parsed = JSON.parse(whole.toString("utf8").replace(/^\uFEFF/, ""));
  } catch (e) {
    ctx.acceptor.reportIssue(truncated ? "truncated_input" : "invalid_json", file.name, null, truncated ?? `Not valid JSON: ${(e as Error).message}`, whole.subarray(0, 200));
    return;
  }
  const records = recordsOf(parsed);
  records.forEach((r, i) => {
    if (r === null || typeof r !== "object" || Array.isArray(r)) {
      ctx.acceptor.reportIssue("not_an_object", file.name, null, `Element ${i + 1} is not an object`, JSON.stringify(r));
    } else ctx.acceptor.acceptRecord(file.name, null, r as Record<string, unknown>, ctx.defaultSource);
  });
};

const parsesAsObject = (line: Buffer): boolean => {
  try {
    const v = JSON.parse(line.toString("utf8").replace(/^\uFEFF/, ""));
    return v !== null && typeof v === "object" && !Array.isArray(v);
  } catch {
    return false;
  }
};

/** `{"data": [ {...}, … ]}` → that array; any other object is one record. */
const recordsOf = (v: unknown): unknown[] => {
  if (v && typeof v === "object" && !Array.isArray(v)) {
    const arrays = Object.values(v).filter((x) => Array.isArray(x) && x.length > 0 && typeof x[0] === "object");
    if (arrays.length === 1) return arrays[0] as unknown[];
  }
  return [v];
};

/** A top-level JSON array, element by element: line numbers are those an element starts on. */
const readJsonArray = async (file: TInputFile, ctx: TReadContext): Promise<void> => {
  const a = ctx.acceptor;
  const elements = streamJsonArray(readInputChunks(file.path, file.compression, ctx.maxDecompressedBytes), ctx.maxLineBytes, {
    onBytes: ctx.onBytes,
    onLongElement: (el) =>
      a.reportIssue("line_too_long", file.name, el.lineNo, `Array element ${el.index} is ${formatMiB(el.bytes)} MiB (${el.bytes} bytes), over the ${formatMiB(ctx.maxLineBytes)} MiB limit (WINNOW_MAX_LINE_MB)`, el.head),
    onIncomplete: (message, partial) => {
      // An element that is whole although the array is not closed is kept.
      if (partial && parsesAsObject(partial.buf)) return acceptElement(partial.index, partial.lineNo, partial.buf);
      a.reportIssue("truncated_input", file.name, partial?.lineNo ?? null, message, partial?.buf);
    },
    onTrailing: (lineNo, head) => a.reportIssue("invalid_json", file.name, lineNo, "Unexpected data after the end of the JSON array", head),
  });
  const acceptElement = (index: number, lineNo: number, buf: Buffer) => {
    if (!isUtf8(buf)) return a.reportIssue("invalid_utf8", file.name, lineNo, `Array element ${index} is not valid UTF-8`, buf);
    const str = buf.toString("utf8");
    let v: unknown;
    try {
      v = JSON.parse(str);
    } catch (e) {
      return a.reportIssue("invalid_json", file.name, lineNo, `Array element ${index}: ${(e as Error).message}`, str);
    }
    if (v === null || typeof v !== "object" || Array.isArray(v)) return a.reportIssue("not_an_object", file.name, lineNo, `Array element ${index} is not an object`, str);
    a.acceptRecord(file.name, lineNo, v as Record<string, unknown>, ctx.defaultSource, str);
  };
  let n = 0;
  for await (const el of elements) {
    acceptElement(el.index, el.lineNo, el.buf);
    if (++n % 2000 === 0) ctx.checkpoint();
  }
};

/** A `.txt` file is one document; one over `maxTextFileBytes` is skipped whole (never read into memory). */
const readTextFile = async (file: TInputFile, ctx: TReadContext): Promise<void> => {
  const cap = ctx.maxTextFileBytes;
  const tooLarge = (what: string) => new FileTooLargeError(`A .txt file is one document; this one is ${what}, over the ${formatMiB(cap)} MiB limit (WINNOW_MAX_TEXT_FILE_MB)`);
  if (file.compression === "none" && file.size > cap) {
    ctx.onBytes(file.size);
    throw tooLarge(`${formatMiB(file.size)} MiB`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated: string | null = null;
  for await (const ev of readInputChunks(file.path, file.compression, ctx.maxDecompressedBytes)) {
    if (ev.kind === "truncated") {
      truncated = ev.message;
      break;
    }
    ctx.onBytes(ev.compressedBytes);
    size += ev.chunk.length;
    if (size > cap) throw tooLarge(`over ${formatMiB(cap)} MiB decompressed`);
    chunks.push(ev.chunk);
  }
  const buf = Buffer.concat(chunks, size);
  if (truncated) {
    ctx.acceptor.reportIssue("truncated_input", file.name, null, truncated, buf.subarray(0, 200));
    return;
  }
  if (!isUtf8(buf)) {
    ctx.acceptor.reportIssue("invalid_utf8", file.name, null, "File is not valid UTF-8 text", buf.subarray(0, 200));
    return;
  }
  const text = buf.toString("utf8").replace(/^\uFEFF/, "");
  if (text.trim() === "") {
    ctx.acceptor.reportIssue("empty_file", file.name, null, "The file holds no text (only blank space)");
    return;
  }
  ctx.acceptor.acceptRecord(file.name, null, { id: file.name, text, file_name: file.name }, ctx.defaultSource);
};

/** CSV, TSV and Parquet are converted to JSON lines by DuckDB, then read like any JSON lines file. */
const readTabular = async (file: TInputFile, ctx: TReadContext): Promise<void> => {
  fs.mkdirSync(ctx.scratchDir, { recursive: true });
  const out = path.join(ctx.scratchDir, `tabular-${Date.now()}-${Math.random().toString(36).slice(2)}.jsonl`);
  const src = quoteLiteral(file.path);
  let rejected: { record: number; pos: number | null; message: string; excerpt: string }[] = [];
  try {
    await withDuck(async (conn) => {
      const from = file.format === "parquet" ? `read_parquet(${src})` : await csvSource(conn, file, "store_rejects = true");
      await conn.run(`COPY (SELECT * FROM ${from}) TO ${quoteLiteral(out)} (FORMAT json)`);
      if (file.format !== "parquet") {
        const rejects = await conn.runAndReadAll(
          // One input line can be rejected for several reasons: report it once.
          "SELECT line, min(line_byte_position) AS pos, first(error_type) AS error_type, first(error_message) AS error_message, first(csv_line) AS csv_line FROM reject_errors GROUP BY line ORDER BY line",
        );
        rejected = rejects.getRowObjectsJS().map((r) => ({ record: toNumber(r.line), pos: r.pos === null ? null : toNumber(r.pos), message: `${r.error_type}: ${String(r.error_message).split("\n")[0]}`, excerpt: String(r.csv_line ?? "") }));
      }
    });
    // DuckDB numbers records; a quoted field may span lines, so report the physical line instead,
    // found from the byte offset where the rejected record starts.
    const lines = await physicalLines(file, ctx, rejected.map((r) => r.pos));
    rejected.forEach((r, i) => ctx.acceptor.reportIssue("csv_error", file.name, lines[i] ?? r.record, lines[i] === null ? `${r.message} (record ${r.record})` : r.message, r.excerpt));
    ctx.onBytes(file.size);
    await readJsonLines(out, { ...file, name: file.name }, { ...ctx, onBytes: () => {}, maxDecompressedBytes: Number.MAX_SAFE_INTEGER, maxLineBytes: Number.MAX_SAFE_INTEGER }, "none");
  } finally {
    fs.rmSync(out, { force: true });
  }
};

/** The 1-based line holding each decompressed byte offset (null for a null offset), in one streaming pass. */
const physicalLines = async (file: TInputFile, ctx: TReadContext, offsets: (number | null)[]): Promise<(number | null)[]> => {
  const out: (number | null)[] = offsets.map(() => null);
  const order = offsets.map((o, i) => [o, i] as const).filter((x): x is readonly [number, number] => x[0] !== null).sort((a, b) => a[0] - b[0]);
  if (order.length === 0) return out;
  let k = 0;
  let base = 0;
  let line = 1;
  for await (const ev of readInputChunks(file.path, file.compression, ctx.maxDecompressedBytes)) {
    if (ev.kind !== "data") break;
    const buf = ev.chunk;
    let at = 0;
    while (k < order.length && order[k][0] < base + buf.length) {
      const end = order[k][0] - base;
      for (let nl = buf.indexOf(10, at); nl !== -1 && nl < end; nl = buf.indexOf(10, nl + 1)) {
        line++;
        at = nl + 1;
      }
      at = Math.max(at, end);
      out[order[k][1]] = line;
      k++;
    }
    if (k === order.length) return out;
    for (let nl = buf.indexOf(10, at); nl !== -1; nl = buf.indexOf(10, nl + 1)) line++;
    base += buf.length;
  }
  return out;
};
