import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { queryRows, toNumber } from "@/lib/duckdb/instance";
import { ingestFiles, type TIngestResult } from "@/lib/ingest/ingest-files";
import { listInputFiles } from "@/lib/ingest/list-input-files";
import { writeIngestFixtures } from "@/tests/fixtures/ingest-fixtures";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "winnow-ingest-"));
let fx: Awaited<ReturnType<typeof writeIngestFixtures>>;

beforeAll(async () => {
  fx = await writeIngestFixtures(path.join(root, "in"));
});

const ingest = async (name: string, opts: { textField?: string; idField?: string | null; shardDocs?: number } = {}): Promise<TIngestResult> => {
  const out = path.join(root, "out", name.replace(/\W/g, "_"));
  return ingestFiles({
    files: listInputFiles(fx.expected[name].path).files,
    textField: opts.textField,
    idField: opts.idField,
    defaultSource: "test",
    workDir: `${out}-work`,
    outDir: out,
    shardDocs: opts.shardDocs ?? 100_000,
    shardBytes: 256 << 20,
    maxDecompressedBytes: 1 << 30,
  });
};

const rowsOf = (r: TIngestResult) => queryRows(`SELECT * FROM read_parquet([${r.shards.map((s) => `'${s.file}'`).join(",")}]) ORDER BY id`);

describe("ingestFiles", () => {
  it("keeps every row and field of a clean JSONL file, with metadata types", async () => {
    const r = await ingest("clean.jsonl");
    expect(r.summary.docsOut).toBe(40);
    expect(r.summary.badRowTotal).toBe(0);
    expect(r.summary.idField).toBe("id");
    expect(r.columns).toEqual([
      { name: "id", type: "VARCHAR" },
      { name: "text", type: "VARCHAR" },
      { name: "source", type: "VARCHAR" },
      { name: "n_chars", type: "BIGINT" },
      { name: "genre", type: "VARCHAR" },
      { name: "position", type: "BIGINT" },
      { name: "score", type: "DOUBLE" },
      { name: "is_even", type: "BOOLEAN" },
      { name: "extra", type: "VARCHAR" },
    ]);
    const rows = await rowsOf(r);
    const byId = new Map(rows.map((x) => [x.id as string, x]));
    for (const c of fx.clean) {
      const row = byId.get(c.id)!;
      expect(row.text).toBe(c.text);
      expect(toNumber(row.n_chars)).toBe([...c.text].length);
      expect(toNumber(row.position)).toBe(c.position);
      expect(row.score).toBeCloseTo(c.score);
      expect(row.is_even).toBe(c.is_even);
      expect(JSON.parse(row.extra as string)).toEqual(c.extra);
      expect(row.source).toBe("test");
    }
    expect(r.summary.nChars).toBe(fx.clean.reduce((a, c) => a + [...c.text].length, 0));
  });

  it("detects the text field and derives stable content ids when there is no id", async () => {
    const a = await ingest("content-field.jsonl");
    const b = await ingest("content-field.jsonl");
    expect(a.summary.textField).toBe("content");
    expect(a.summary.idField).toBeNull();
    const ids = (await rowsOf(a)).map((x) => x.id);
    expect(ids).toEqual((await rowsOf(b)).map((x) => x.id));
    expect(new Set(ids).size).toBe(30);
    expect(ids.every((id) => /^[0-9a-f]{20}$/.test(String(id)))).toBe(true);
  });

  it("counts and samples every kind of bad row with its line number, and keeps every good row", async () => {
    const exp = fx.expected["malformed.jsonl"];
    const r = await ingest("malformed.jsonl", { idField: "id" });
    expect(r.summary.docsOut).toBe(exp.goodRows);
    for (const [kind, lines] of Object.entries(exp.bad)) {
      expect(r.summary.badRows[kind as keyof typeof r.summary.badRows], kind).toBe(lines.length);
      expect(r.summary.samples[kind].map((s) => s.line)).toEqual(lines);
    }
    expect(r.summary.badRowTotal).toBe(Object.values(exp.bad).flat().length);
    expect(r.summary.duplicateIds).toBe(1);
    expect(r.summary.samples.duplicate_id[0].line).toBe(exp.duplicateLines![0]);
    expect(r.summary.blankLines).toBe(1);
    const ids = (await rowsOf(r)).map((x) => x.id);
    expect(ids).toContain("m3");
    expect(ids).toContain("m3#2");
    for (let i = 0; i < 30; i++) expect(ids).toContain(`m${i}`);
  });

  it("reads gzip and zstd, and keeps the complete rows before the cut of a truncated gzip", async () => {
    expect((await ingest("clean.jsonl.gz")).summary.docsOut).toBe(40);
    expect((await ingest("clean.jsonl.zst")).summary.docsOut).toBe(40);
    const exp = fx.expected["truncated.jsonl.gz"];
    const r = await ingest("truncated.jsonl.gz");
    expect(r.summary.docsOut).toBe(exp.goodRows);
    expect(r.summary.badRows.truncated_input).toBe(1);
    expect(r.summary.samples.truncated_input[0].line).toBe(exp.bad.truncated_input[0]);
    expect((await rowsOf(r)).map((x) => x.id).sort()).toEqual(fx.clean.slice(0, exp.goodRows).map((c) => c.id).sort());
  });

  it("reads JSON arrays, CSV with quoted newlines, TSV, Parquet and folders of .txt files", async () => {
    expect((await ingest("array.json")).summary.docsOut).toBe(10);
    const csv = await ingest("docs.csv");
    expect(csv.summary.docsOut).toBe(15);
    const csvRows = await rowsOf(csv);
    expect(csvRows.find((x) => x.id === "m-0")!.text).toBe(fx.texts[100].text);
    expect(new Set(csvRows.map((x) => x.source))).toEqual(new Set(fx.texts.slice(100, 115).map((t) => t.genre)));
    expect((await ingest("docs.tsv")).summary.docsOut).toBe(12);
    const badCsv = await ingest("bad.csv");
    expect(badCsv.summary.docsOut).toBe(6);
    expect(badCsv.summary.badRows.csv_error).toBe(1);
    // Reported at its physical line, not its record number (quoted fields before it span lines).
    expect(fx.expected["bad.csv"].bad.csv_error[0]).toBeGreaterThan(5);
    expect(badCsv.summary.samples.csv_error!.map((x) => x.line)).toEqual(fx.expected["bad.csv"].bad.csv_error);
    const pq = await ingest("docs.parquet");
    expect(pq.summary.docsOut).toBe(40);
    expect(pq.columns.map((c) => c.name)).toContain("position");
    const txt = await ingest("txt-folder");
    expect(txt.summary.docsOut).toBe(5);
    expect((await rowsOf(txt)).map((x) => x.id)).toEqual(["doc-0.txt", "doc-1.txt", "doc-2.txt", "doc-3.txt", "doc-4.txt"]);
  });

  it("splits the output into shards of at most shardDocs documents", async () => {
    const r = await ingest("clean.jsonl", { shardDocs: 15 });
    expect(r.shards.map((s) => s.nDocs)).toEqual([15, 15, 10]);
    expect(r.shards.every((s) => fs.existsSync(s.file))).toBe(true);
  });

  it("rewrites shards written before a later record widened the schema", async () => {
    const file = path.join(root, "in", "widening.jsonl");
    const rows = fx.texts.slice(0, 30).map((t, i) => ({ id: `w${i}`, text: t.text, n: i, ...(i >= 25 ? { late: "x", n: i + 0.5 } : {}) }));
    fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n"));
    const out = path.join(root, "out", "widening");
    const r = await ingestFiles({ files: listInputFiles(file).files, defaultSource: "t", workDir: `${out}-w`, outDir: out, shardDocs: 10, shardBytes: 1 << 30, maxDecompressedBytes: 1 << 30 });
    expect(r.columns.slice(4)).toEqual([
      { name: "n", type: "DOUBLE" },
      { name: "late", type: "VARCHAR" },
    ]);
    for (const s of r.shards) {
      const cols = await queryRows(`DESCRIBE SELECT * FROM read_parquet('${s.file}')`);
      expect(cols.map((c) => `${c.column_name}:${c.column_type}`)).toEqual(["id:VARCHAR", "text:VARCHAR", "source:VARCHAR", "n_chars:BIGINT", "n:DOUBLE", "late:VARCHAR"]);
    }
    const all = await rowsOf(r);
    expect(all.find((x) => x.id === "w27")!.n).toBe(27.5);
    expect(all.find((x) => x.id === "w3")!.late).toBeNull();
  });

  it("fails with a clear message when nothing is valid, and leaves no output folder", async () => {
    const bad = path.join(root, "in", "all-bad.jsonl");
    fs.writeFileSync(bad, "nope\n{}\n");
    const out = path.join(root, "out", "all-bad");
    await expect(
      ingestFiles({ files: listInputFiles(bad).files, textField: "text", defaultSource: "t", workDir: `${out}-w`, outDir: out, shardDocs: 10, shardBytes: 1 << 20, maxDecompressedBytes: 1 << 20 }),
    ).rejects.toThrow(/No valid documents found: 1 × Invalid JSON, 1 × Missing text field/);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.existsSync(`${out}.tmp`)).toBe(false);
  });
});
