import fs from "node:fs";
import zlib from "node:zlib";
import { Decompress } from "fzstd";
import type { TCompression } from "@/lib/ingest/formats";

export type TInputChunkEvent =
  | { kind: "data"; chunk: Buffer; compressedBytes: number }
  | { kind: "truncated"; message: string };

const MiB = 1024 * 1024;

/** Default cap on one line (one record) of line-based input: `WINNOW_MAX_LINE_MB`. */
export const DEFAULT_MAX_LINE_BYTES = 32 * MiB;

export class DecompressionLimitError extends Error {
  /** `setting` names what set the limit (an env variable, or the caller's own cap). */
  constructor(
    readonly limit: number,
    setting = "WINNOW_MAX_DECOMPRESSED_MB",
  ) {
    super(`Decompressed input exceeds the limit of ${formatMiB(limit)} MiB (${setting})`);
  }
}

export const formatMiB = (bytes: number): string => {
  const mib = bytes / MiB;
  return mib >= 10 ? String(Math.round(mib)) : mib.toFixed(mib >= 1 ? 1 : 2);
};

/** zstd input is pushed to the decoder in slices this small, so one push decodes at most ~32 MiB (256 RLE blocks of 128 KiB). */
const ZSTD_INPUT_SLICE = 1024;
/** Largest zstd window accepted (the reference decoder's default limit, `--memory=128MB`). */
const ZSTD_MAX_WINDOW = 128 * MiB;

/**
 * The window size a zstd frame header declares, or null when `head` is not a zstd frame start (a
 * skippable frame, too few bytes). fzstd allocates the window up front, so a header declaring a
 * 2 GiB window would cost 2 GiB before a byte is decoded.
 */
export const zstdWindowSize = (head: Uint8Array): number | null => {
  if (head.length < 6 || head[0] !== 0x28 || head[1] !== 0xb5 || head[2] !== 0x2f || head[3] !== 0xfd) return null;
  const flg = head[4];
  const singleSegment = (flg >> 5) & 1;
  if (!singleSegment) {
    const wb = 2 ** (10 + (head[5] >> 3));
    return wb + (wb / 8) * (head[5] & 7);
  }
  const fcf = flg >> 6;
  const dictBytes = [0, 1, 2, 4][flg & 3];
  const sizeBytes = fcf ? 1 << fcf : 1;
  const at = 5 + dictBytes;
  if (head.length < at + sizeBytes) return null;
  let size = 0;
  for (let i = sizeBytes - 1; i >= 0; i--) size = size * 256 + head[at + i];
  return fcf === 1 ? size + 256 : size;
};

/**
 * Streams a file's decompressed bytes. A truncated or corrupt compressed stream ends with a
 * `truncated` event after every byte that could be decoded, so no good row before it is lost.
 * Memory stays bounded whatever the compression ratio: gzip output comes in 1 MiB chunks with
 * back-pressure, zstd input is fed in 1 KiB slices and each decoded block handed on, and the
 * decompression cap is checked on every decoded block, before the next one is made.
 */
export async function* readInputChunks(file: string, compression: TCompression, maxDecompressedBytes: number): AsyncGenerator<TInputChunkEvent> {
  const source = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  let total = 0;
  const guard = (n: number) => {
    total += n;
    if (total > maxDecompressedBytes) throw new DecompressionLimitError(maxDecompressedBytes);
  };

  try {
    if (compression === "none") {
      for await (const chunk of source) {
        const buf = chunk as Buffer;
        guard(buf.length);
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
          guard(buf.length);
          const delta = compressedSeen - compressedReported;
          compressedReported = compressedSeen;
          yield { kind: "data", chunk: buf, compressedBytes: delta };
        }
      } catch (e) {
        if (e instanceof DecompressionLimitError) throw e;
        yield { kind: "truncated", message: `gzip stream is truncated or corrupt: ${(e as Error).message}` };
      } finally {
        source.unpipe(gunzip);
        gunzip.destroy();
      }
      return;
    }

    yield* readZstd(source, guard);
  } finally {
    source.destroy();
  }
}

/** zstd decoded in JS (fzstd, no native binary) in bounded steps: each decoded block (≤ 128 KiB) is handed on as it is. */
async function* readZstd(source: fs.ReadStream, guard: (n: number) => void): AsyncGenerator<TInputChunkEvent> {
  let out: Buffer[] = [];
  const decoder = new Decompress((chunk) => {
    if (chunk.length === 0) return;
    guard(chunk.length);
    // fzstd allocates each block afresh (and copies it into its window), so a view is safe.
    out.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  });
  let failed: string | null = null;
  let checkedHeader = false;
  for await (const chunk of source) {
    const buf = chunk as Buffer;
    if (!checkedHeader) {
      checkedHeader = true;
      const window = zstdWindowSize(buf);
      if (window !== null && window > ZSTD_MAX_WINDOW) {
        failed = `zstd frame declares a ${formatMiB(window)} MiB window; at most ${formatMiB(ZSTD_MAX_WINDOW)} MiB is supported`;
        break;
      }
    }
    let pending = buf.length;
    for (let at = 0; at < buf.length; at += ZSTD_INPUT_SLICE) {
      try {
        decoder.push(new Uint8Array(buf.buffer, buf.byteOffset + at, Math.min(ZSTD_INPUT_SLICE, buf.length - at)));
      } catch (e) {
        if (e instanceof DecompressionLimitError) throw e;
        failed = `zstd stream is corrupt: ${(e as Error).message}`;
      }
      const pieces = out;
      out = [];
      for (const piece of pieces) {
        yield { kind: "data", chunk: piece, compressedBytes: pending };
        pending = 0;
      }
      if (failed) break;
    }
    if (pending > 0) yield { kind: "data", chunk: Buffer.alloc(0), compressedBytes: pending };
    if (failed) break;
  }
  if (!failed) {
    try {
      decoder.push(new Uint8Array(0), true);
    } catch (e) {
      if (e instanceof DecompressionLimitError) throw e;
      failed = `zstd stream is truncated: ${(e as Error).message}`;
    }
    for (const piece of out.splice(0)) yield { kind: "data", chunk: piece, compressedBytes: 0 };
  }
  if (failed) yield { kind: "truncated", message: failed };
}

export type TLine = { lineNo: number; buf: Buffer };

export type TSplitOptions = {
  /** Lines longer than this (in bytes, without the newline) are skipped as they stream by, never held whole. */
  maxLineBytes?: number;
  /** Called for each skipped over-long line with its full size and its first bytes. */
  onLongLine?: (lineNo: number, bytes: number, head: Buffer) => void;
};

const HEAD_BYTES = 256;

const headOf = (parts: Buffer[], last: Buffer): Buffer => {
  const all = [...parts, last];
  const out: Buffer[] = [];
  let n = 0;
  for (const p of all) {
    if (n >= HEAD_BYTES) break;
    const piece = p.subarray(0, HEAD_BYTES - n);
    out.push(piece);
    n += piece.length;
  }
  return Buffer.from(Buffer.concat(out, n));
};

const dropCr = (b: Buffer): Buffer => (b.length > 0 && b[b.length - 1] === 13 ? b.subarray(0, b.length - 1) : b);

/**
 * Splits a chunk stream into lines (LF; a trailing CR is dropped) with 1-based line numbers.
 * Linear in the input whatever the line length: the pieces of an unfinished line are kept in a
 * list and joined once, when its newline arrives; a line over `maxLineBytes` is dropped piece by
 * piece as it streams by and reported through `onLongLine` with its size.
 */
export async function* splitLines(
  chunks: AsyncGenerator<TInputChunkEvent>,
  onBytes: (compressedBytes: number) => void,
  onTruncated: (message: string, partialLine: TLine | null) => void,
  opts: TSplitOptions = {},
): AsyncGenerator<TLine> {
  const max = opts.maxLineBytes ?? Number.POSITIVE_INFINITY;
  const onLongLine = opts.onLongLine ?? (() => {});
  let parts: Buffer[] = [];
  let partBytes = 0;
  /** Size so far of an over-long line being skipped, or -1. */
  let skipped = -1;
  let head: Buffer = Buffer.alloc(0);
  let lineNo = 0;
  for await (const ev of chunks) {
    if (ev.kind === "truncated") {
      let partial: TLine | null = null;
      if (skipped >= 0) partial = { lineNo: lineNo + 1, buf: head };
      else if (partBytes > 0) partial = { lineNo: lineNo + 1, buf: Buffer.concat(parts, partBytes) };
      parts = [];
      onTruncated(ev.message, partial);
      return;
    }
    onBytes(ev.compressedBytes);
    const buf = ev.chunk;
    let start = 0;
    let nl = buf.indexOf(10, start);
    while (nl !== -1) {
      lineNo++;
      const piece = buf.subarray(start, nl);
      if (skipped >= 0) {
        onLongLine(lineNo, skipped + piece.length, head);
        skipped = -1;
      } else if (partBytes + piece.length > max) {
        onLongLine(lineNo, partBytes + piece.length, headOf(parts, piece));
        parts = [];
        partBytes = 0;
      } else if (partBytes > 0) {
        parts.push(piece);
        const line = Buffer.concat(parts, partBytes + piece.length);
        parts = [];
        partBytes = 0;
        yield { lineNo, buf: dropCr(line) };
      } else {
        yield { lineNo, buf: dropCr(piece) };
      }
      start = nl + 1;
      nl = buf.indexOf(10, start);
    }
    if (start < buf.length) {
      const rest = buf.subarray(start);
      if (skipped >= 0) skipped += rest.length;
      else if (partBytes + rest.length > max) {
        skipped = partBytes + rest.length;
        head = headOf(parts, rest);
        parts = [];
        partBytes = 0;
      } else {
        parts.push(rest);
        partBytes += rest.length;
      }
    }
  }
  if (skipped >= 0) onLongLine(lineNo + 1, skipped, head);
  else if (partBytes > 0) yield { lineNo: lineNo + 1, buf: dropCr(Buffer.concat(parts, partBytes)) };
}
