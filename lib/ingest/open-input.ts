import fs from "node:fs";
import zlib from "node:zlib";
import { Decompress } from "fzstd";
import type { TCompression } from "@/lib/ingest/formats";

export type TInputChunkEvent =
  | { kind: "data"; chunk: Buffer; compressedBytes: number }
  | { kind: "truncated"; message: string };

export class DecompressionLimitError extends Error {
  constructor(limit: number) {
    super(`Decompressed input exceeds the limit of ${Math.round(limit / 1024 / 1024)} MiB (WINNOW_MAX_DECOMPRESSED_MB)`);
  }
}

/**
 * Streams a file's decompressed bytes. A truncated or corrupt compressed stream ends with a
 * `truncated` event after every byte that could be decoded, so no good row before it is lost.
 */
export async function* readInputChunks(file: string, compression: TCompression, maxDecompressedBytes: number): AsyncGenerator<TInputChunkEvent> {
  const source = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  let total = 0;
  const guard = (chunk: Buffer) => {
    total += chunk.length;
    if (total > maxDecompressedBytes) throw new DecompressionLimitError(maxDecompressedBytes);
  };

  if (compression === "none") {
    for await (const chunk of source) {
      const buf = chunk as Buffer;
      guard(buf);
      yield { kind: "data", chunk: buf, compressedBytes: buf.length };
    }
    return;
  }

  if (compression === "gzip") {
    const gunzip = zlib.createGunzip({ chunkSize: 1 << 20 });
    let compressedSeen = 0;
    let compressedReported = 0;
    source.on("data", (c) => (compressedSeen += (c as Buffer).length));
    source.on("error", (e) => gunzip.destroy(e));
    source.pipe(gunzip);
    try {
      for await (const chunk of gunzip) {
        const buf = chunk as Buffer;
        guard(buf);
        const delta = compressedSeen - compressedReported;
        compressedReported = compressedSeen;
        yield { kind: "data", chunk: buf, compressedBytes: delta };
      }
    } catch (e) {
      if (e instanceof DecompressionLimitError) throw e;
      source.destroy();
      yield { kind: "truncated", message: `gzip stream is truncated or corrupt: ${(e as Error).message}` };
    }
    return;
  }

  // zstd, decoded in JS (fzstd) so no native binary is needed.
  const out: Buffer[] = [];
  const decoder = new Decompress((chunk) => {
    out.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  });
  let failed: string | null = null;
  for await (const chunk of source) {
    const buf = chunk as Buffer;
    try {
      decoder.push(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
    } catch (e) {
      failed = `zstd stream is corrupt: ${(e as Error).message}`;
    }
    let first = true;
    for (const piece of out.splice(0)) {
      guard(piece);
      yield { kind: "data", chunk: Buffer.from(piece), compressedBytes: first ? buf.length : 0 };
      first = false;
    }
    if (first) yield { kind: "data", chunk: Buffer.alloc(0), compressedBytes: buf.length };
    if (failed) break;
  }
  if (!failed) {
    try {
      decoder.push(new Uint8Array(0), true);
    } catch (e) {
      failed = `zstd stream is truncated: ${(e as Error).message}`;
    }
    for (const piece of out.splice(0)) {
      guard(piece);
      yield { kind: "data", chunk: Buffer.from(piece), compressedBytes: 0 };
    }
  }
  if (failed) {
    source.destroy();
    yield { kind: "truncated", message: failed };
  }
}

export type TLine = { lineNo: number; buf: Buffer };

/** Splits a chunk stream into lines (LF; a trailing CR is dropped) with 1-based line numbers. */
export async function* splitLines(
  chunks: AsyncGenerator<TInputChunkEvent>,
  onBytes: (compressedBytes: number) => void,
  onTruncated: (message: string, partialLine: TLine | null) => void,
): AsyncGenerator<TLine> {
  let rest: Buffer | null = null;
  let lineNo = 0;
  for await (const ev of chunks) {
    if (ev.kind === "truncated") {
      const partial = rest && rest.length > 0 ? { lineNo: lineNo + 1, buf: rest } : null;
      rest = null;
      onTruncated(ev.message, partial);
      return;
    }
    onBytes(ev.compressedBytes);
    let buf = ev.chunk;
    if (buf.length === 0) continue;
    if (rest && rest.length > 0) {
      buf = Buffer.concat([rest, buf]);
      rest = null;
    }
    let start = 0;
    let nl = buf.indexOf(10, start);
    while (nl !== -1) {
      lineNo++;
      const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
      yield { lineNo, buf: buf.subarray(start, end) };
      start = nl + 1;
      nl = buf.indexOf(10, start);
    }
    rest = start < buf.length ? buf.subarray(start) : null;
  }
  if (rest && rest.length > 0) {
    lineNo++;
    const end = rest[rest.length - 1] === 13 ? rest.length - 1 : rest.length;
    yield { lineNo, buf: rest.subarray(0, end) };
  }
}
