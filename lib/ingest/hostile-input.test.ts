/**
 * The hostile-input corpus (issue 11): every file is generated here, at test time, and run through
 * the real ingest. Each test checks that good rows are kept, bad rows are reported by kind and
 * line, and — for the bombs and huge lines — that peak memory stays bounded. Timing linearity is
 * measured by `npm run bench -- hostile`, not here.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { queryRows } from "@/lib/duckdb/instance";
import { RESERVED_FIELD_NAMES, isReservedFieldName } from "@/lib/ingest/field-names";
import { ingestFiles, type TIngestFilesOptions, type TIngestResult } from "@/lib/ingest/ingest-files";
import { inspectInput } from "@/lib/ingest/inspect-input";
import { listInputFiles } from "@/lib/ingest/list-input-files";
import { readInputChunks } from "@/lib/ingest/open-input";
import { distinctRows, sameIdRows, writeGzipRunBomb, writeLongLineFile, zstdHugeWindow, zstdRunBomb } from "@/tests/fixtures/hostile-inputs";

const MiB = 1 << 20;
const root = fs.mkdtempSync(path.join(os.tmpdir(), "winnow-hostile-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let seq = 0;
/** A folder holding `files` (name → content), plus a good file `good.jsonl` with 5 rows unless `noGood`. */
const folder = (files: Record<string, string | Buffer>, noGood = false): string => {
  const dir = path.join(root, `in-${++seq}`);
  fs.mkdirSync(dir, { recursive: true });
  if (!noGood) fs.writeFileSync(path.join(dir, "good.jsonl"), distinctRows(5));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
};

const ingest = (input: string, opts: Partial<TIngestFilesOptions> = {}): Promise<TIngestResult> => {
  const out = path.join(root, `out-${++seq}`);
  return ingestFiles({
    files: listInputFiles(input).files,
    defaultSource: "t",
    workDir: `${out}-work`,
    outDir: out,
    shardDocs: 100_000,
    shardBytes: 256 * MiB,
    maxDecompressedBytes: 1 << 30,
    ...opts,
  });
};

const rowsOf = (r: TIngestResult) => queryRows(`SELECT * FROM read_parquet([${r.shards.map((s) => `'${s.file}'`).join(",")}])`);

/** Runs `fn` while sampling RSS every 20 ms; returns its value and how far RSS rose above the start. */
const withPeakRss = async <T>(fn: () => Promise<T>): Promise<{ value: T; riseMB: number }> => {
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, riseMB: (peak - start) / MiB };
  } finally {
    clearInterval(timer);
  }
};

const sampleOf = (r: TIngestResult, kind: string) => r.summary.samples[kind] ?? [];

describe("decompression bombs stop at the cap with bounded memory", () => {
  it("a .zst of 10 GiB of zeros (320 KiB) stops at the cap; the other file's rows are kept", async () => {
    const dir = folder({ "bomb.jsonl.zst": zstdRunBomb(10 * 1024 * MiB) });
    expect(fs.statSync(path.join(dir, "bomb.jsonl.zst")).size).toBeLessThan(400 * 1024);
    const { value: r, riseMB } = await withPeakRss(() => ingest(dir, { textField: "text", idField: "id", maxDecompressedBytes: 300 * MiB }));
    expect(r.summary.docsOut).toBe(5);
    expect(r.summary.badRows).toEqual({ decompression_limit: 1 });
    expect(sampleOf(r, "decompression_limit")[0]).toMatchObject({ file: "bomb.jsonl.zst", message: expect.stringMatching(/limit of 300 MiB \(WINNOW_MAX_DECOMPRESSED_MB\)/) });
    expect(riseMB).toBeLessThan(300);
  });

  it("a gzip of 2 GiB of zeros without a newline stops at the cap, with bounded memory", async () => {
    const dir = folder({});
    writeGzipRunBomb(path.join(dir, "bomb.jsonl.gz"), 2048);
    const { value: r, riseMB } = await withPeakRss(() => ingest(dir, { textField: "text", idField: "id", maxDecompressedBytes: 300 * MiB }));
    expect(r.summary.docsOut).toBe(5);
    expect(r.summary.badRows).toEqual({ decompression_limit: 1 });
    expect(riseMB).toBeLessThan(300);
  });

  it("yields zstd output in bounded steps and refuses a frame declaring a 1 GiB window", async () => {
    const file = path.join(root, "steps.zst");
    fs.writeFileSync(file, zstdRunBomb(64 * MiB, 0x61));
    let biggest = 0;
    let total = 0;
    for await (const ev of readInputChunks(file, "zstd", 1 << 30)) {
      if (ev.kind === "data") {
        biggest = Math.max(biggest, ev.chunk.length);
        total += ev.chunk.length;
      }
    }
    expect(total).toBe(64 * MiB);
    expect(biggest).toBeLessThanOrEqual(40 * MiB);

    const wide = path.join(root, "wide.jsonl.zst");
    fs.writeFileSync(wide, zstdHugeWindow(30));
    const events = [];
    for await (const ev of readInputChunks(wide, "zstd", 1 << 30)) events.push(ev);
    expect(events).toEqual([{ kind: "truncated", message: expect.stringMatching(/1024 MiB window; at most 128 MiB/) }]);
  });

  it("field detection obeys the caps and passes over a bomb to the next file", async () => {
    const dir = folder({ "a-bomb.jsonl.zst": zstdRunBomb(4 * 1024 * MiB) });
    const files = listInputFiles(dir).files;
    expect(files[0].name).toBe("a-bomb.jsonl.zst");
    const { value: ins, riseMB } = await withPeakRss(() => inspectInput(files, { maxDecompressedBytes: 100 * MiB, maxLineBytes: 8 * MiB }));
    expect(ins.textField).toBe("text");
    expect(ins.idField).toBe("id");
    expect(riseMB).toBeLessThan(200);
  });
});

describe("huge lines", () => {
  it("a 50 MB line is reported with its size and line number and skipped; the rows around it are kept", async () => {
    const dir = folder({}, true);
    writeLongLineFile(path.join(dir, "long.jsonl"), 50 * MiB, 10, 4);
    const { value: r, riseMB } = await withPeakRss(() => ingest(dir));
    expect(r.summary.docsOut).toBe(10);
    expect(r.summary.badRows).toEqual({ line_too_long: 1 });
    expect(sampleOf(r, "line_too_long")[0]).toMatchObject({ file: "long.jsonl", line: 4, message: expect.stringMatching(/Line is 50 MiB \(52428800 bytes\), over the 32 MiB limit \(WINNOW_MAX_LINE_MB\)/) });
    expect(riseMB).toBeLessThan(150);
  });

  it("a line under a raised cap is ingested whole", async () => {
    const dir = folder({}, true);
    writeLongLineFile(path.join(dir, "long.jsonl"), 3 * MiB, 3, 2);
    const r = await ingest(dir, { maxLineBytes: 4 * MiB });
    expect(r.summary.docsOut).toBe(4);
    const huge = (await rowsOf(r)).find((x) => x.id === "huge")!;
    expect((huge.text as string).length).toBe(3 * MiB - 23);
  });

  it("an over-long element of a JSON array is skipped; the others are kept", async () => {
    const big = (n: string) => JSON.stringify({ id: n, text: "y".repeat(2 * MiB) });
    const dir = folder({ "arr.json": `[\n${JSON.stringify({ id: "a", text: "A" })},\n${big("big")},\n${JSON.stringify({ id: "b", text: "B" })},${big("fits")}\n]\n` }, true);
    const r = await ingest(dir, { textField: "text", maxLineBytes: MiB });
    // Under a cap above 2 MiB the same elements are kept, across 1 MiB read chunks.
    expect((await ingest(dir, { textField: "text", maxLineBytes: 3 * MiB })).summary.docsOut).toBe(4);
    expect(r.summary.badRows).toEqual({ line_too_long: 2 });
    expect(r.summary.docsOut).toBe(2);
    expect(sampleOf(r, "line_too_long")[0]).toMatchObject({ line: 3, message: expect.stringMatching(/Array element 2 is 2\.0 MiB/) });
  });
});

describe("duplicate ids", () => {
  it("renames each repeat of an id with its own counter: dup, dup#2 … dup#4000", async () => {
    const dir = folder({ "same.jsonl": sameIdRows(4000, "dup") }, true);
    const r = await ingest(dir, { idField: "id" });
    expect(r.summary.docsOut).toBe(4000);
    expect(r.summary.duplicateIds).toBe(3999);
    const ids = new Set((await rowsOf(r)).map((x) => x.id as string));
    expect(ids.size).toBe(4000);
    expect(ids.has("dup") && ids.has("dup#2") && ids.has("dup#4000")).toBe(true);
  });

  it("identical texts without ids get content ids with counters", async () => {
    const dir = folder({ "same.jsonl": sameIdRows(3000, null) }, true);
    const r = await ingest(dir, { idField: null });
    expect(r.summary.docsOut).toBe(3000);
    expect(new Set((await rowsOf(r)).map((x) => x.id)).size).toBe(3000);
  });

  it("leaves a literal id#n alone unless it collides, and then never makes id#n#2", async () => {
    const rows = [
      { id: "dup#2", text: "literal first" },
      { id: "dup", text: "a" },
      { id: "dup", text: "b" },
      { id: "x", text: "c" },
      { id: "x", text: "d" },
      { id: "x#2", text: "literal, collides" },
    ];
    const dir = folder({ "ids.jsonl": rows.map((x) => JSON.stringify(x)).join("\n") }, true);
    const r = await ingest(dir, { idField: "id" });
    const byText = new Map((await rowsOf(r)).map((x) => [x.text as string, x.id as string]));
    expect(Object.fromEntries(byText)).toEqual({ "literal first": "dup#2", a: "dup", b: "dup#3", c: "x", d: "x#2", "literal, collides": "x#3" });
  });
});

describe("reserved and odd field names are renamed, reported, and never fatal", () => {
  it("rowid, __preview, an empty key, Text beside text, case twins, __winnow_id, repeated keys", async () => {
    const lines = [
      `{"id":"r1","text":"one","rowid":7,"__preview":"p","":"empty key","Text":"capital","orig_ID":1,"__winnow_id":"w","filename":"f.txt","file_row_number":3}`,
      `{"id":"r2","text":"two","orig_id":2,"a":1,"a":2,"FILE_INDEX":true}`,
      `{"id":"r3","text":"three","__winnow_text":"sneaky","n_chars":"x"}`,
    ];
    const dir = folder({ "odd.jsonl": lines.join("\n") }, true);
    const r = await ingest(dir);
    expect(r.summary.docsOut).toBe(3);
    expect(r.summary.badRowTotal).toBe(0);
    const cols = r.columns.map((c) => c.name);
    expect(cols).toEqual(["id", "text", "source", "n_chars", "orig_rowid", "orig_preview", "field_empty", "orig_Text", "orig_ID", "orig_winnow_id", "orig_filename", "orig_file_row_number", "orig_id_2", "a", "orig_FILE_INDEX", "orig_winnow_text", "orig_n_chars"]);
    // The contract with the query layer: no stored name is reserved, empty, __-prefixed or a case twin.
    const meta = cols.slice(4);
    expect(meta.filter(isReservedFieldName)).toEqual([]);
    expect(new Set(cols.map((c) => c.toLowerCase())).size).toBe(cols.length);
    expect(RESERVED_FIELD_NAMES.every((n) => !cols.some((c) => c.toLowerCase() === n.toLowerCase()))).toBe(true);
    expect(r.summary.renamedFields).toContainEqual({ field: "", column: "field_empty", reason: "empty" });
    expect(r.summary.renamedFields).toContainEqual({ field: "orig_id", column: "orig_id_2", reason: "case_twin" });
    expect(r.summary.renamedFields).toContainEqual({ field: "__winnow_id", column: "orig_winnow_id", reason: "internal_prefix" });
    expect(r.summary.renamedFields).toContainEqual({ field: "rowid", column: "orig_rowid", reason: "reserved" });
    const byId = new Map((await rowsOf(r)).map((x) => [x.id as string, x]));
    expect(byId.get("r1")).toMatchObject({ text: "one", orig_Text: "capital", field_empty: "empty key", orig_preview: "p", orig_winnow_id: "w" });
    expect(Number(byId.get("r1")!.orig_rowid)).toBe(7);
    expect(byId.get("r2")).toMatchObject({ text: "two", orig_FILE_INDEX: true });
    expect(Number(byId.get("r2")!.a)).toBe(2); // a repeated key keeps its last value, as JSON.parse does
    expect(byId.get("r3")).toMatchObject({ text: "three", orig_winnow_text: "sneaky", orig_n_chars: "x" });
  });

  it("a key repeated in an otherwise clean line (staged as it came) keeps its last value", async () => {
    const dir = folder({ "rep.jsonl": `{"id":"k1","text":"one","a":1,"a":2}\n{"id":"k2","text":"two","a":3}\n` }, true);
    const r = await ingest(dir, { idField: "id" });
    expect(r.summary.docsOut).toBe(2);
    expect((await rowsOf(r)).map((x) => [x.id, Number(x.a)]).sort()).toEqual([["k1", 2], ["k2", 3]]);
  });

  it("a case twin of the text field is renamed, and odd text field names work", async () => {
    const dir = folder({ "c.jsonl": `{"content":"body","Content":"twin"}\n` }, true);
    const r = await ingest(dir, { textField: "content", idField: null });
    expect(r.columns.map((c) => c.name)).toEqual(["id", "text", "source", "n_chars", "Content_2"]);
    expect((await rowsOf(r))[0]).toMatchObject({ text: "body", Content_2: "twin" });
    const odd = folder({ "o.jsonl": `{"__winnow_id":"the text","":"x","text":"meta"}\n` }, true);
    const o = await ingest(odd, { textField: "__winnow_id", idField: null });
    expect((await rowsOf(o))[0]).toMatchObject({ text: "the text", field_empty: "x", orig_text: "meta" });
  });

  it("a Text field chosen as the text keeps a lower-case text field as metadata", async () => {
    const dir = folder({ "t.jsonl": `{"Text":"the text","text":"other"}\n` }, true);
    const r = await ingest(dir, { textField: "Text", idField: null });
    const [row] = await rowsOf(r);
    expect(row).toMatchObject({ text: "the text", orig_text: "other" });
  });
});

describe("one bad file or record never fails the others", () => {
  it("a truncated JSON array keeps every complete element and reports the cut one at its line", async () => {
    const elems = Array.from({ length: 503 }, (_, i) => JSON.stringify({ id: `e${i}`, text: `element ${i}` }, null, 1));
    const whole = `[\n${elems.join(",\n")}\n]\n`;
    const cut = whole.slice(0, whole.lastIndexOf(`"element 502"`) + 5);
    const dir = folder({ "cut.json": cut }, true);
    const r = await ingest(dir);
    expect(r.summary.textField).toBe("text");
    expect(r.summary.docsOut).toBe(502);
    expect(r.summary.badRows).toEqual({ truncated_input: 1 });
    const startLine = cut.slice(0, cut.lastIndexOf("{")).split("\n").length;
    expect(sampleOf(r, "truncated_input")[0]).toMatchObject({ line: startLine, message: expect.stringMatching(/inside element 503/) });
  });

  it("a malformed element of a JSON array costs only itself", async () => {
    const dir = folder({ "arr.json": `[{"text":"a"}, {"text": nope}, 5, {"text":"c"}] trailing` }, true);
    const r = await ingest(dir);
    expect(r.summary.docsOut).toBe(2);
    expect(r.summary.badRows).toEqual({ invalid_json: 2, not_an_object: 1 });
  });

  it("an empty file is reported as empty; alone, the ingest says so", async () => {
    const dir = folder({ "a-empty.jsonl": "", "b-blank.json": "  \n\n", "c-empty.jsonl.gz": Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]) });
    const r = await ingest(dir);
    expect(r.summary.textField).toBe("text");
    expect(r.summary.docsOut).toBe(5);
    expect(r.summary.badRows).toEqual({ empty_file: 3 });
    expect(sampleOf(r, "empty_file").map((s) => s.file)).toEqual(["a-empty.jsonl", "b-blank.json", "c-empty.jsonl.gz"]);

    const alone = folder({ "empty.jsonl": "" }, true);
    await expect(ingest(alone)).rejects.toThrow(/No valid documents found: 1 × Empty file/);
  });

  it("a .txt over the cap is reported and skipped without being read; the other documents are kept", async () => {
    const dir = folder({ "a.txt": "first document", "c.txt": "third document" }, true);
    const big = path.join(dir, "b.txt");
    fs.writeFileSync(big, "");
    fs.truncateSync(big, 600 * MiB); // sparse: 600 MB on paper, nothing on disk
    const { value: r, riseMB } = await withPeakRss(() => ingest(dir));
    expect(r.summary.docsOut).toBe(2);
    expect(r.summary.badRows).toEqual({ file_too_large: 1 });
    expect(sampleOf(r, "file_too_large")[0]).toMatchObject({ file: "b.txt", message: expect.stringMatching(/600 MiB, over the 64 MiB limit \(WINNOW_MAX_TEXT_FILE_MB\)/) });
    expect(riseMB).toBeLessThan(100);
    expect((await rowsOf(r)).map((x) => x.file_name).sort()).toEqual(["a.txt", "c.txt"]);
  });

  it("a CSV DuckDB cannot read is reported; the other files are kept", async () => {
    const dir = folder({ "broken.csv.gz": Buffer.from("not gzip at all") });
    const r = await ingest(dir, { textField: "text", idField: "id" });
    expect(r.summary.docsOut).toBe(5);
    expect(r.summary.badRows).toEqual({ unreadable_file: 1 });
  });

  it("lists symbolic links in a folder as skipped, not followed", () => {
    const dir = folder({});
    fs.symlinkSync(path.join(dir, "good.jsonl"), path.join(dir, "link.jsonl"));
    fs.symlinkSync("/etc", path.join(dir, "etc"));
    const { files, skipped } = listInputFiles(dir);
    expect(files.map((f) => f.name)).toEqual(["good.jsonl"]);
    expect(skipped).toEqual([
      { name: "etc", reason: "symbolic link (not followed)" },
      { name: "link.jsonl", reason: "symbolic link (not followed)" },
    ]);
  });
});
