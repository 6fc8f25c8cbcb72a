import type { TInputChunkEvent } from "@/lib/ingest/open-input";

/** One element of a top-level JSON array: its 1-based index, the line it starts on and its bytes. */
export type TArrayElement = { index: number; lineNo: number; buf: Buffer };

export type TJsonArrayHandlers = {
  onBytes: (compressedBytes: number) => void;
  /** An element over `maxElementBytes`, skipped as it streamed by (never held whole). */
  onLongElement: (el: { index: number; lineNo: number; bytes: number; head: Buffer }) => void;
  /** The input ended (or was cut) inside an element, or before the closing `]`. */
  onIncomplete: (message: string, partial: TArrayElement | null) => void;
  /** Non-blank bytes after the closing `]`. */
  onTrailing: (lineNo: number, head: Buffer) => void;
};

const HEAD_BYTES = 256;
const enum Q {
  LBRACKET = 91,
  RBRACKET = 93,
  LBRACE = 123,
  RBRACE = 125,
  QUOTE = 34,
  BACKSLASH = 92,
  COMMA = 44,
  NEWLINE = 10,
}
const isBlank = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * Streams the elements of a top-level JSON array (`[ {...}, {...} ]`) without holding the file:
 * a byte scanner tracks strings and nesting depth and cuts the array at its top-level commas.
 * Each element is handed on as bytes for the caller to parse, so one malformed element costs
 * only itself, and an array cut short keeps every element before the cut.
 */
export async function* streamJsonArray(chunks: AsyncGenerator<TInputChunkEvent>, maxElementBytes: number, h: TJsonArrayHandlers): AsyncGenerator<TArrayElement> {
  /** 0: before `[`; 1: inside the array; 2: after `]`. */
  let phase = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let lineNo = 1;
  let index = 0;
  // The element being read: its pieces (unless too long), size, start line, and whether it has begun.
  let parts: Buffer[] = [];
  let bytes = 0;
  let started = false;
  let tooLong = false;
  let head: Buffer = Buffer.alloc(0);
  let startLine = 0;
  let trailingReported = false;

  const partial = (): TArrayElement | null => {
    if (!started) return null;
    return { index: index + 1, lineNo: startLine, buf: tooLong ? head : Buffer.concat(parts, bytes) };
  };
  const reset = () => {
    parts = [];
    bytes = 0;
    started = false;
    tooLong = false;
    head = Buffer.alloc(0);
  };
  const keep = (piece: Buffer) => {
    if (piece.length === 0) return;
    bytes += piece.length;
    if (tooLong) return;
    if (bytes > maxElementBytes) {
      tooLong = true;
      head = Buffer.from(Buffer.concat([...parts, piece]).subarray(0, HEAD_BYTES));
      parts = [];
      return;
    }
    parts.push(piece);
  };
  /** Ends the current element (at a top-level `,` or `]`); returns it unless skipped or blank. */
  const finish = (): TArrayElement | null => {
    if (!started) return null;
    index++;
    const skip = tooLong;
    const el = skip ? null : { index, lineNo: startLine, buf: Buffer.concat(parts, bytes) };
    if (skip) h.onLongElement({ index, lineNo: startLine, bytes, head });
    reset();
    return el;
  };

  for await (const ev of chunks) {
    if (ev.kind === "truncated") {
      if (phase === 1) h.onIncomplete(`${ev.message}; the JSON array is cut${started ? ` inside element ${index + 1}` : ""}`, partial());
      return;
    }
    h.onBytes(ev.compressedBytes);
    const buf = ev.chunk;
    let segStart = started ? 0 : -1; // start in `buf` of the current element's piece
    for (let i = 0; i < buf.length; i++) {
      const c = buf[i];
      if (c === Q.NEWLINE) lineNo++;
      if (phase === 2) {
        if (!isBlank(c) && !trailingReported) {
          trailingReported = true;
          h.onTrailing(lineNo, Buffer.from(buf.subarray(i, i + HEAD_BYTES)));
        }
        continue;
      }
      if (phase === 0) {
        if (c === Q.LBRACKET) phase = 1;
        continue; // the caller checked that the first non-blank byte (after a BOM) is `[`
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (c === Q.BACKSLASH) escaped = true;
        else if (c === Q.QUOTE) inString = false;
        continue;
      }
      if (depth === 0 && (c === Q.COMMA || c === Q.RBRACKET)) {
        if (segStart >= 0) keep(buf.subarray(segStart, i));
        segStart = -1;
        const el = finish();
        if (el) yield el;
        if (c === Q.RBRACKET) phase = 2;
        continue;
      }
      if (!started) {
        if (isBlank(c)) continue;
        started = true;
        startLine = lineNo;
        segStart = i;
      }
      if (c === Q.QUOTE) inString = true;
      else if (c === Q.LBRACE || c === Q.LBRACKET) depth++;
      else if ((c === Q.RBRACE || c === Q.RBRACKET) && depth > 0) depth--;
    }
    if (segStart >= 0) keep(buf.subarray(segStart));
    // Pieces are views of `buf`: copy them so the chunk can be released.
    if (!tooLong && parts.length > 0 && segStart >= 0) parts[parts.length - 1] = Buffer.from(parts[parts.length - 1]);
  }
  if (phase === 1) h.onIncomplete(started ? `The file ends inside element ${index + 1} of the JSON array` : "The JSON array is not closed (no final ])", partial());
}
