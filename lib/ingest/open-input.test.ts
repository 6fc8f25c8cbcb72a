import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { DecompressionLimitError, readInputChunks, splitLines } from "@/lib/ingest/open-input";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "winnow-open-input-"));

const collect = async (file: string, compression: "none" | "gzip" | "zstd", limit = 1 << 30) => {
  const lines: { lineNo: number; text: string }[] = [];
  const truncated: { message: string; partial: number | null }[] = [];
  let bytes = 0;
  for await (const l of splitLines(
    readInputChunks(file, compression, limit),
    (n) => (bytes += n),
    (message, partial) => truncated.push({ message, partial: partial?.lineNo ?? null }),
  )) {
    lines.push({ lineNo: l.lineNo, text: l.buf.toString("utf8") });
  }
  return { lines, truncated, bytes };
};

describe("splitLines", () => {
  it("numbers lines from 1, strips CR and keeps a last line without newline", async () => {
    const file = path.join(tmp, "a.txt");
    fs.writeFileSync(file, "one\r\ntwo\n\nfour");
    const { lines, bytes } = await collect(file, "none");
    expect(lines).toEqual([
      { lineNo: 1, text: "one" },
      { lineNo: 2, text: "two" },
      { lineNo: 3, text: "" },
      { lineNo: 4, text: "four" },
    ]);
    expect(bytes).toBe(14);
  });

  it("keeps every complete line before the cut of a truncated gzip and reports the partial one", async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `{"i":${i},"text":"row number ${i} with some words"}`);
    const gz = zlib.gzipSync(Buffer.from(rows.join("\n") + "\n"));
    const file = path.join(tmp, "cut.jsonl.gz");
    fs.writeFileSync(file, gz.subarray(0, Math.floor(gz.length / 2)));
    const { lines, truncated } = await collect(file, "gzip");
    expect(truncated).toHaveLength(1);
    expect(truncated[0].message).toMatch(/gzip stream is truncated/);
    expect(lines.length).toBeGreaterThan(100);
    lines.forEach((l, i) => expect(l.text).toBe(rows[i]));
    expect(truncated[0].partial).toBe(lines.length + 1);
  });

  it("enforces the decompressed size limit (no decompression bombs)", async () => {
    const file = path.join(tmp, "bomb.gz");
    fs.writeFileSync(file, zlib.gzipSync(Buffer.alloc(8 << 20, 32)));
    await expect(collect(file, "gzip", 1 << 20)).rejects.toBeInstanceOf(DecompressionLimitError);
  });
});
