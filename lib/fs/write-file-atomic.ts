import fs from "node:fs";
import path from "node:path";

const FLUSH_BYTES = 1 << 20;

/** Sequential writes into one file, buffered into about 1 MiB system calls. */
export type TFileWriter = {
  /** Strings are written as UTF-8. A byte array is copied (or, when large, written at once), so the caller may reuse it. */
  write: (chunk: string | Uint8Array) => void;
};

/**
 * Writes `file` atomically: `fill` writes into a temp file in the same folder, which is fsynced and
 * renamed over `file`, so a half-written file is never visible under the final name; on an error
 * the temp file is removed. `onFlush` is called after each write to disk (a heartbeat for long
 * writes). Returns the bytes written.
 */
export const writeFileAtomic = (file: string, fill: (out: TFileWriter) => void, opts: { onFlush?: () => void } = {}): number => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, "w");
  let bytes = 0;
  let strings: string[] = [];
  let stringChars = 0;
  let buffers: Buffer[] = [];
  let bufferBytes = 0;
  const writeOut = (b: Uint8Array) => {
    fs.writeSync(fd, b);
    bytes += b.length;
  };
  // Pending strings become one buffer, in order with the byte arrays around them.
  const settleStrings = () => {
    if (strings.length === 0) return;
    const b = Buffer.from(strings.join(""), "utf8");
    strings = [];
    stringChars = 0;
    buffers.push(b);
    bufferBytes += b.length;
  };
  const flush = () => {
    settleStrings();
    if (bufferBytes === 0) return;
    writeOut(buffers.length === 1 ? buffers[0] : Buffer.concat(buffers, bufferBytes));
    buffers = [];
    bufferBytes = 0;
    opts.onFlush?.();
  };
  const out: TFileWriter = {
    write: (chunk) => {
      if (typeof chunk === "string") {
        strings.push(chunk);
        stringChars += chunk.length;
        if (stringChars >= FLUSH_BYTES) flush();
        return;
      }
      if (chunk.length >= FLUSH_BYTES) {
        flush();
        writeOut(chunk);
        opts.onFlush?.();
        return;
      }
      settleStrings();
      buffers.push(Buffer.from(chunk));
      bufferBytes += chunk.length;
      if (bufferBytes >= FLUSH_BYTES) flush();
    },
  };
  try {
    fill(out);
    flush();
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
  return bytes;
};
