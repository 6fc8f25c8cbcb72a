import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { getAttributeSetByRun, listReadyAttributeSets } from "@/lib/annotate/attribute-sets";
import { queryDocuments } from "@/lib/corpora/query-documents";
import { getReadyVersionOrThrow } from "@/lib/corpora/versions";
import { writeRowsToParquet } from "@/lib/duckdb/write-parquet";
import type { TImportSummary } from "@/lib/imports/import-run";
import { inspectScoresSource, startImport } from "@/lib/imports/start-import";
import { startIngest } from "@/lib/ingest/start-ingest";
import { saveUpload } from "@/lib/ingest/save-upload";
import { getRunOrThrow } from "@/lib/runs/get-run";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

let dir = "";
let corpusId = "";
const N = 60;

const file = (name: string, content: string | Buffer) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, content);
  return f;
};
const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
const finish = async (runId: string) => {
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
  return getRunOrThrow(runId);
};
const summaryOf = (runId: string) => (JSON.parse(getRunOrThrow(runId).summaryJson) as { import: TImportSummary }).import;
const readySets = () => listReadyAttributeSets(getReadyVersionOrThrow(corpusId).id).length;

beforeAll(async () => {
  dir = useTempDataDir("import");
  process.env.WINNOW_SHARD_DOCS = "25";
  const docs = Array.from({ length: N }, (_, i) => ({ id: `d${i}`, text: `document number ${i} with some words`, source: i % 2 ? "odd" : "even" }));
  corpusId = startIngest({ name: "import-target", source: { kind: "path", path: file("docs.jsonl", jsonl(docs)) } }, { trusted: true }).corpusId;
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
});

describe("import_attributes", () => {
  it("imports a JSONL.gz file: typed, namespaced columns; unknown ids reported, not imported", async () => {
    const rows = [
      ...Array.from({ length: 50 }, (_, i) => ({ id: `d${i}`, score: i / 10, label: i % 3 === 0 ? "good" : "bad", keep: i % 2 === 0, tokens: i * 100, nested: { a: i } })),
      { id: "zz1", score: 1, label: "x", keep: true, tokens: 1, nested: { a: 0 } },
      { id: "zz2", score: 2, label: "y", keep: false, tokens: 2, nested: { a: 0 } },
    ];
    const f = file("PDS-scores v2.jsonl.gz", zlib.gzipSync(jsonl(rows)));
    const ins = await inspectScoresSource({ kind: "path", path: f });
    expect(ins).toMatchObject({ rows: 52, idColumn: "id", prefix: "pds_scores_v2" });
    expect(Object.fromEntries(ins.columns.map((c) => [c.name, c.type]))).toEqual({ id: "VARCHAR", score: "DOUBLE", label: "VARCHAR", keep: "BOOLEAN", tokens: "BIGINT", nested: null });

    const started = await startImport({ corpusId, source: { kind: "path", path: f } });
    expect(started.columns.map((c) => `${c.name}:${c.type}`)).toEqual(["pds_scores_v2.score:DOUBLE", "pds_scores_v2.label:VARCHAR", "pds_scores_v2.keep:BOOLEAN", "pds_scores_v2.tokens:BIGINT"]);
    expect(started.warnings.join(" ")).toMatch(/Not imported \(unsupported types\): nested \(STRUCT/);
    const run = await finish(started.runId);
    expect(run.status, run.error ?? "").toBe("succeeded");
    const s = summaryOf(started.runId);
    expect(s).toMatchObject({ rows: 52, matched: 50, unmatchedInFile: { count: 2, samples: [{ id: "zz1", row: 51 }, { id: "zz2", row: 52 }] } });
    expect(s.docsWithoutScore.count).toBe(10);
    expect(s.docsWithoutScore.samples.sort()).toEqual(["d50", "d51", "d52", "d53", "d54", "d55", "d56", "d57", "d58", "d59"]);

    // The columns behave like any annotation: filter, sort, values as in the file; missing docs are null.
    const high = await queryDocuments({ corpusId, filters: [{ op: "range", column: "pds_scores_v2.score", min: 4.5 }], sort: { column: "pds_scores_v2.score", dir: "desc" }, columns: ["pds_scores_v2.score", "pds_scores_v2.tokens"] });
    expect(high.rows.map((r) => [r.id, r["pds_scores_v2.score"], r["pds_scores_v2.tokens"]])).toEqual([
      ["d49", 4.9, 4900],
      ["d48", 4.8, 4800],
      ["d47", 4.7, 4700],
      ["d46", 4.6, 4600],
      ["d45", 4.5, 4500],
    ]);
    expect((await queryDocuments({ corpusId, filters: [{ op: "eq", column: "pds_scores_v2.keep", value: true }] })).total).toBe(25);
    expect((await queryDocuments({ corpusId, filters: [{ op: "null", column: "pds_scores_v2.label", isNull: true }] })).total).toBe(10);
    expect(getAttributeSetByRun(started.runId)?.nDocs).toBe(50);
  });

  it("imports CSV (upload) and Parquet files, with a chosen prefix, columns and types", async () => {
    const csv = "doc,quality,flag\nd1,0.5,true\nd2,1.5,false\nd3,,true\n";
    const up = await saveUpload("qurating.csv", new Blob([csv]).stream(), csv.length);
    const a = await startImport({ corpusId, source: { kind: "upload", uploadId: up.uploadId }, idColumn: "doc", prefix: "qur", columns: ["quality"], types: { quality: "DOUBLE" } });
    expect((await finish(a.runId)).status).toBe("succeeded");
    const pq = path.join(dir, "ratings.parquet");
    await writeRowsToParquet(
      pq,
      [
        { name: "doc_id", type: "VARCHAR" },
        { name: "Overall Score", type: "BIGINT" },
      ],
      [{ doc_id: "d3", "Overall Score": 4 }],
    );
    const b = await startImport({ corpusId, source: { kind: "path", path: pq } });
    expect(b.columns).toEqual([{ source: "Overall Score", name: "ratings.overall_score", type: "BIGINT" }]);
    expect((await finish(b.runId)).status).toBe("succeeded");
    const page = await queryDocuments({ corpusId, filters: [{ op: "in", column: "id", values: ["d1", "d2", "d3"] }], sort: { column: "id", dir: "asc" }, columns: ["qur.quality", "ratings.overall_score"] });
    expect(page.rows.map((r) => [r.id, r["qur.quality"], r["ratings.overall_score"]])).toEqual([
      ["d1", 0.5, null],
      ["d2", 1.5, null],
      ["d3", null, 4],
    ]);
  });

  it("fails clearly and imports nothing on duplicate ids, non-numeric values or no matching id", async () => {
    const before = readySets();
    const dup = file("dup.jsonl", jsonl([{ id: "d1", s: 1 }, { id: "d2", s: 2 }, { id: "d1", s: 3 }, { id: "d2", s: 4 }, { id: "d2", s: 5 }]));
    const r1 = await finish((await startImport({ corpusId, source: { kind: "path", path: dup } })).runId);
    expect(r1.status).toBe("failed");
    expect(r1.error).toMatch(/2 id\(s\) occur more than once in dup\.jsonl: "d1" ×2 \(rows 1, 3\), "d2" ×3 \(rows 2, 4, 5\)/);

    const csv = file("mixed.csv", "id,score\nd1,0.5\nd2,n/a\nd3,2\nd4,\n");
    // As inferred, a mostly numeric column with a stray value is imported as text, with a warning …
    const ok = await startImport({ corpusId, source: { kind: "path", path: csv }, prefix: "mixed_text" });
    expect(ok.columns[0].type).toBe("VARCHAR");
    expect((await finish(ok.runId)).status).toBe("succeeded");
    expect(summaryOf(ok.runId).warnings.join(" ")).toMatch(/"score" is mostly numbers but 1 value\(s\) are not \(e\.g\. "n\/a"\); imported as text/);
    // … and declared DOUBLE, every value must be a number.
    const r2 = await finish((await startImport({ corpusId, source: { kind: "path", path: csv }, prefix: "mixed_num", types: { score: "DOUBLE" } })).runId);
    expect(r2.status).toBe("failed");
    expect(r2.error).toMatch(/column "score" as DOUBLE: 1 value\(s\) are not, e\.g\. "n\/a" \(row 2, id "d2"\)\. Nothing was imported/);

    const none = file("other.jsonl", jsonl([{ id: "x1", s: 1 }, { id: "x2", s: 2 }]));
    const r3 = await finish((await startImport({ corpusId, source: { kind: "path", path: none } })).runId);
    expect(r3.status).toBe("failed");
    expect(r3.error).toMatch(/No id in column "id" of other\.jsonl is a document of this corpus version \(file ids: "x1", "x2"; corpus ids: "d/);

    const noId = file("noid.jsonl", jsonl([{ id: "d1", s: 1 }, { s: 2 }]));
    const r4 = await finish((await startImport({ corpusId, source: { kind: "path", path: noId } })).runId);
    expect(r4.error).toMatch(/1 row\(s\) of noid\.jsonl have no "id" \(first at row 2\)/);
    // Only the successful import added a set; the failed ones left none behind.
    expect(readySets()).toBe(before + 1);
  });

  it("refuses bad paths, missing id columns and bad prefixes before creating a run", async () => {
    const good = file("good.jsonl", jsonl([{ key: "d1", s: 1 }]));
    await expect(startImport({ corpusId, source: { kind: "path", path: path.join(dir, "nope.jsonl") } })).rejects.toThrow(/No such file or folder/);
    await expect(startImport({ corpusId, source: { kind: "path", path: "/etc/hostname" } })).rejects.toThrow(/outside the allowed data roots/);
    await expect(startImport({ corpusId, source: { kind: "path", path: file("notes.txt", "x") } })).rejects.toThrow(/Unsupported scores file notes\.txt/);
    await expect(startImport({ corpusId, source: { kind: "path", path: good } })).rejects.toThrow(/Choose the id column of good\.jsonl; its columns: key, s/);
    await expect(startImport({ corpusId, source: { kind: "path", path: good }, idColumn: "doc" })).rejects.toThrow(/has no column "doc" for the ids\. Its columns: key, s/);
    await expect(startImport({ corpusId, source: { kind: "path", path: good }, idColumn: "key", prefix: "9lives" })).rejects.toThrow(/Invalid prefix "9lives"/);
    await expect(startImport({ corpusId, source: { kind: "path", path: good }, idColumn: "key", prefix: "gopher_quality" })).rejects.toThrow(/id of a built-in annotator/);
    await expect(startImport({ corpusId, source: { kind: "path", path: good }, idColumn: "key", columns: ["key"] })).rejects.toThrow(/is the id column/);
    await expect(startImport({ corpusId, source: { kind: "path", path: file("broken.jsonl", "{not json\n") } })).rejects.toThrow(/Could not read broken\.jsonl/);
  });
});
