import fs from "node:fs";
import path from "node:path";

const CHUNK_BYTES = 4 << 20;

/**
 * Writes one JSON object per line to `file` atomically: into `file.tmp` in the same folder,
 * fsync, then rename, so a half-written file is never visible under the final name.
 * Returns the number of bytes written.
 */
export const writeJsonlAtomic = (file: string, rows: Iterable<unknown>): number => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, "w");
  let bytes = 0;
  try {
    let chunk: string[] = [];
    let chunkLen = 0;
    const flush = () => {
      if (!chunk.length) return;
      const buf = Buffer.from(chunk.join(""), "utf8");
      fs.writeSync(fd, buf);
      bytes += buf.length;
      chunk = [];
      chunkLen = 0;
    };
    for (const row of rows) {
      const line = `${JSON.stringify(row)}\n`;
      chunk.push(line);
      chunkLen += line.length;
      if (chunkLen >= CHUNK_BYTES) flush();
    }
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
