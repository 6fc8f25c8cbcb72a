import fs from "node:fs";

/** Sequential little-endian reads from a file through a window buffer (model files can be many GB). */
export type TBinaryReader = {
  position: () => number;
  int8: () => number;
  bool: () => boolean;
  int32: () => number;
  /** An int64 as a number; throws past 2^53 (counts and sizes in model files stay far below). */
  int64: () => number;
  float64: () => number;
  /** Bytes up to (not including) the next NUL, which is consumed. */
  cString: () => Uint8Array;
  /** Copies `n` bytes into `target` (reading straight from the file for large spans). */
  bytesInto: (target: Uint8Array) => void;
  close: () => void;
};

const WINDOW = 1 << 20;

export const openBinaryReader = (file: string): TBinaryReader => {
  const fd = fs.openSync(file, "r");
  const size = fs.fstatSync(fd).size;
  let buf = Buffer.allocUnsafe(WINDOW);
  let bufStart = 0; // file offset of buf[0]
  let bufLen = 0;
  let pos = 0; // file offset of the next byte

  const eof = (need: number) => new Error(`Unexpected end of file ${file} at byte ${pos} (needed ${need} more)`);
  const ensure = (n: number) => {
    if (pos + n > size) throw eof(n);
    if (pos >= bufStart && pos + n <= bufStart + bufLen) return;
    if (n > buf.length) buf = Buffer.allocUnsafe(n);
    bufStart = pos;
    bufLen = fs.readSync(fd, buf, 0, Math.min(buf.length, size - pos), pos);
    if (bufLen < n) throw eof(n);
  };
  const at = () => pos - bufStart;

  return {
    position: () => pos,
    int8: () => {
      ensure(1);
      const v = buf.readInt8(at());
      pos += 1;
      return v;
    },
    bool: () => {
      ensure(1);
      const v = buf[at()] !== 0;
      pos += 1;
      return v;
    },
    int32: () => {
      ensure(4);
      const v = buf.readInt32LE(at());
      pos += 4;
      return v;
    },
    int64: () => {
      ensure(8);
      const v = buf.readBigInt64LE(at());
      pos += 8;
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`int64 out of range in ${file} at byte ${pos - 8}`);
      return Number(v);
    },
    float64: () => {
      ensure(8);
      const v = buf.readDoubleLE(at());
      pos += 8;
      return v;
    },
    cString: () => {
      const parts: Buffer[] = [];
      for (;;) {
        ensure(1);
        const end = buf.indexOf(0, at());
        if (end >= 0 && end < bufLen) {
          parts.push(buf.subarray(at(), end));
          pos = bufStart + end + 1;
          break;
        }
        parts.push(Buffer.from(buf.subarray(at(), bufLen)));
        pos = bufStart + bufLen;
      }
      return parts.length === 1 ? new Uint8Array(parts[0]) : new Uint8Array(Buffer.concat(parts));
    },
    bytesInto: (target) => {
      const n = target.byteLength;
      if (pos + n > size) throw eof(n);
      let done = 0;
      // What the window already holds first, then straight from the file.
      if (pos >= bufStart && pos < bufStart + bufLen) {
        const k = Math.min(n, bufStart + bufLen - pos);
        target.set(buf.subarray(at(), at() + k), 0);
        done = k;
      }
      while (done < n) {
        const got = fs.readSync(fd, target, done, n - done, pos + done);
        if (got <= 0) throw eof(n - done);
        done += got;
      }
      pos += n;
    },
    close: () => fs.closeSync(fd),
  };
};
