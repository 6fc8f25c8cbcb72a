import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { decompress } from "fzstd";
import { corpora, corpusVersions, shards } from "@/db/schema";
import { columnValues } from "@/lib/corpora/column-values";
import { getCorpusOverview } from "@/lib/corpora/corpus-overview";
import { versionRelDir } from "@/lib/corpora/paths";
import { getDocument, queryDocuments } from "@/lib/corpora/query-documents";
import { getDb } from "@/lib/db/client";
import { quoteLiteral, withDuck } from "@/lib/duckdb/instance";
import { exportRecipe } from "@/lib/recipes/export";
import { previewRecipe } from "@/lib/recipes/preview";
import { ZRecipeSchema } from "@/lib/recipes/schema";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

/**
 * A corpus as an older ingest could have written it: metadata columns named like DuckDB's
 * pseudo and virtual columns (rowid, filename, file_index, file_row_number), like the query
 * layer's own columns (__preview), a reserved name (__winnow_tag), and two columns differing only
 * in case (DuckDB wrote the second as orig_id_1; the version's columns still say orig_id).
 * 6,000 documents in 3 shards; `rowid` repeats (0, 1, 2), so a join on it multiplies rows.
 */
const N = 6000;
const SHARDS = 3;
const pad = (i: number) => String(i).padStart(5, "0");
const COLUMNS = [
  { name: "id", type: "VARCHAR" },
  { name: "text", type: "VARCHAR" },
  { name: "source", type: "VARCHAR" },
  { name: "n_chars", type: "BIGINT" },
  { name: "rowid", type: "BIGINT" },
  { name: "__preview", type: "VARCHAR" },
  { name: "orig_ID", type: "BIGINT" },
  { name: "orig_id", type: "BIGINT" },
  { name: "filename", type: "VARCHAR" },
  { name: "file_index", type: "BIGINT" },
  { name: "file_row_number", type: "BIGINT" },
  { name: "__winnow_tag", type: "VARCHAR" },
];
const textOf = (i: number) => `Document ${i} talks about ${i % 2 ? "rivers" : "mountains"}.`;

let corpusId = "";
let dir = "";

beforeAll(async () => {
  dir = useTempDataDir("hostile");
  corpusId = "cor_hostile";
  const rel = versionRelDir(corpusId, 1);
  const per = N / SHARDS;
  const db = getDb();
  db.insert(corpora).values({ id: corpusId, name: "hostile", createdAt: Date.now() }).run();
  const sizes: number[] = [];
  for (let s = 0; s < SHARDS; s++) {
    const file = path.join(dir, rel, `part-${s}.parquet`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await withDuck((c) =>
      c.run(
        `COPY (SELECT 'd' || lpad(CAST(i AS VARCHAR), 5, '0') AS id,
                      'Document ' || i || ' talks about ' || CASE WHEN i % 2 = 1 THEN 'rivers' ELSE 'mountains' END || '.' AS text,
                      CASE WHEN i % 3 = 0 THEN 'web' ELSE 'books' END AS source,
                      CAST(length('Document ' || i || ' talks about ' || CASE WHEN i % 2 = 1 THEN 'rivers' ELSE 'mountains' END || '.') AS BIGINT) AS n_chars,
                      CAST(i % 3 AS BIGINT) AS rowid, 'user preview ' || i AS __preview,
                      CAST(i AS BIGINT) AS "orig_ID", CAST(-i AS BIGINT) AS "orig_id",
                      'user-file-' || (i % 7) AS filename, CAST(i % 5 AS BIGINT) AS file_index, CAST(${N} - i AS BIGINT) AS file_row_number,
                      'tag' AS __winnow_tag
               FROM range(${s * per}, ${(s + 1) * per}) AS t(i) ORDER BY i)
         TO ${quoteLiteral(file)} (FORMAT parquet, COMPRESSION zstd)`,
      ),
    );
    sizes.push(fs.statSync(file).size);
  }
  db.insert(corpusVersions)
    .values({
      id: "ver_hostile",
      corpusId,
      version: 1,
      status: "ready",
      path: rel,
      nDocs: N,
      nChars: 0,
      nBytes: sizes.reduce((a, b) => a + b, 0),
      columnsJson: JSON.stringify(COLUMNS),
      sourceCountsJson: JSON.stringify({ web: N / 3, books: (2 * N) / 3 }),
      createdAt: Date.now(),
    })
    .run();
  for (let s = 0; s < SHARDS; s++) db.insert(shards).values({ id: `shd_h${s}`, corpusVersionId: "ver_hostile", idx: s, path: path.join(rel, `part-${s}.parquet`), nDocs: per, nBytes: sizes[s] }).run();
  db.update(corpora).set({ currentVersionId: "ver_hostile" }).run();
});

describe("a corpus whose metadata uses names DuckDB and the query layer use", () => {
  const userCols = ["rowid", "__preview", "orig_ID", "orig_id", "filename", "file_index", "file_row_number"];

  it("pages return the page asked for, with the user's values and the real text preview", async () => {
    const r = await queryDocuments({ corpusId, limit: 5, columns: userCols });
    expect(r.total).toBe(N);
    expect(r.rows.map((x) => x.id)).toEqual(["d00000", "d00001", "d00002", "d00003", "d00004"]);
    expect(r.rows[4]).toMatchObject({ preview: textOf(4), rowid: 1, __preview: "user preview 4", orig_ID: 4, orig_id: -4, filename: "user-file-4", file_index: 4, file_row_number: N - 4 });
    // Corpus order across shards, unsorted and deep.
    const deep = await queryDocuments({ corpusId, limit: 5, offset: 4998 });
    expect(deep.rows.map((x) => x.id)).toEqual(["d04998", "d04999", "d05000", "d05001", "d05002"]);
  });

  it("sorts, filters and pages deep on those columns", async () => {
    const sorted = await queryDocuments({ corpusId, limit: 5, offset: 5500, sort: { column: "orig_id", dir: "asc" }, columns: ["orig_id"] });
    expect(sorted.rows.map((x) => x.id)).toEqual([499, 498, 497, 496, 495].map((i) => `d${pad(i)}`));
    const byRowid = await queryDocuments({ corpusId, limit: 5, offset: 5000, sort: { column: "rowid", dir: "desc" }, filters: [{ op: "range", column: "rowid", min: 0 }] });
    expect(byRowid.total).toBe(N);
    expect(byRowid.rows).toHaveLength(5);
    // rowid 2, then 1, then 0 (2000 documents each, ids ascending): rank 5000 is the 1000th of rowid 0.
    expect(byRowid.rows.map((x) => x.id)).toEqual([1000, 1001, 1002, 1003, 1004].map((k) => `d${pad(3 * k)}`));
    const onlyTwo = await queryDocuments({ corpusId, limit: 5, filters: [{ op: "in", column: "rowid", values: [1, 2] }] });
    expect(onlyTwo.total).toBe(4000);
    expect(onlyTwo.rows.map((x) => x.id)).toEqual(["d00001", "d00002", "d00004", "d00005", "d00007"]);
    const shallow = await queryDocuments({ corpusId, limit: 3, sort: { column: "__preview", dir: "desc" }, filters: [{ op: "eq", column: "file_index", value: 0 }] });
    expect(shallow.total).toBe(N / 5);
    expect(shallow.rows.map((x) => x.preview)).toEqual([textOf(995), textOf(990), textOf(985)]);
    const searched = await queryDocuments({ corpusId, limit: 5, search: "rivers", filters: [{ op: "eq", column: "rowid", value: 0 }], columns: ["__preview", "orig_id"] });
    expect(searched.total).toBe(N / 6);
    expect(searched.rows[0]).toMatchObject({ id: "d00003", preview: textOf(3), __preview: "user preview 3", orig_id: -3 });
  });

  it("hides columns with the reserved prefix and rejects them by name", async () => {
    const o = await getCorpusOverview(corpusId);
    expect(o.columns.map((c) => c.name)).toEqual(COLUMNS.map((c) => c.name).filter((n) => n !== "__winnow_tag"));
    expect(o.histograms.find((h) => h.column === "orig_id")).toMatchObject({ min: -(N - 1), max: 0 });
    expect(o.histograms.find((h) => h.column === "rowid")).toMatchObject({ min: 0, max: 2, nulls: 0 });
    await expect(queryDocuments({ corpusId, columns: ["__winnow_tag"] })).rejects.toThrow(/reserved/);
    await expect(queryDocuments({ corpusId, filters: [{ op: "eq", column: "__winnow_pos", value: 1 }] })).rejects.toThrow(/reserved/);
  });

  it("reads one document and the values of a column", async () => {
    const d = await getDocument(corpusId, "d00007");
    expect(d.fields).toMatchObject({ id: "d00007", text: textOf(7), rowid: 1, __preview: "user preview 7", orig_ID: 7, orig_id: -7, file_row_number: N - 7 });
    expect(d.fields).not.toHaveProperty("__winnow_tag");
    const v = await columnValues(corpusId, "rowid");
    expect(v.values).toEqual([
      { value: "0", docs: N / 3 },
      { value: "1", docs: N / 3 },
      { value: "2", docs: N / 3 },
    ]);
  });

  it("previews and exports exactly the documents a recipe selects", async () => {
    const recipe = ZRecipeSchema.parse({ corpusId, sampling: { method: "uniform" }, budget: { unit: "docs", value: 100 }, seed: 5, score: { terms: [{ column: "orig_id" }] } });
    const p = await previewRecipe(recipe);
    expect(p.totals).toMatchObject({ filteredDocs: N, selectedDocs: 100, copies: 100 });
    expect(p.selectedSamples).toHaveLength(10);
    expect(p.selectedSamples.every((s) => /^d\d{5}$/.test(s.id) && s.preview === textOf(Number(s.id.slice(1))))).toBe(true);
    expect(p.histograms.find((h) => h.column === "orig_id")!.bins.reduce((a, b) => a + b.before, 0)).toBe(N);

    const out = path.join(dir, "export");
    await exportRecipe(recipe, out);
    const lines = Buffer.from(decompress(new Uint8Array(fs.readFileSync(path.join(out, "part-00000.jsonl.zst")))))
      .toString("utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(100);
    const ids = lines.map((l) => String(l.id));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(100);
    const i = Number(ids[0].slice(1));
    // The later of two names differing only in case is written as DuckDB names it in the shards.
    expect(lines[0]).toEqual({
      id: ids[0],
      text: textOf(i),
      source: i % 3 === 0 ? "web" : "books",
      n_chars: textOf(i).length,
      rowid: i % 3,
      __preview: `user preview ${i}`,
      orig_ID: i,
      orig_id_1: -i,
      filename: `user-file-${i % 7}`,
      file_index: i % 5,
      file_row_number: N - i,
    });
  });

  it("answers 24 concurrent sorted deep views (more than the cached permutations) and previews without losing a table", async () => {
    const views = Array.from({ length: 24 }, (_, k) =>
      queryDocuments({ corpusId, limit: 5, offset: 5000 + k, sort: { column: k % 2 ? "orig_ID" : "orig_id", dir: "asc" }, filters: [{ op: "range", column: "orig_ID", min: 0, max: N - 1 - (k % 12) }] }),
    );
    const previews = [1, 2, 3].map((seed) => previewRecipe({ corpusId, sampling: { method: "uniform" }, budget: { unit: "docs", value: 50 }, seed }));
    const pages = await Promise.all(views);
    pages.forEach((p, k) => {
      expect(p.total).toBe(N - (k % 12));
      expect(p.rows).toHaveLength(5);
      // orig_ID ascending is corpus order; orig_id ascending is its reverse over the filtered range.
      const first = k % 2 ? 5000 + k : N - 1 - (k % 12) - (5000 + k);
      expect(p.rows[0].id).toBe(`d${pad(first)}`);
    });
    for (const p of await Promise.all(previews)) expect(p.totals.selectedDocs).toBe(50);
  });

  it("stops a page query when its signal aborts", async () => {
    const gone = new AbortController();
    gone.abort();
    await expect(queryDocuments({ corpusId, search: "rivers" }, { signal: gone.signal })).rejects.toThrow(/abort/i);
    const soon = new AbortController();
    const page = queryDocuments({ corpusId, search: "talks", offset: 10, sort: { column: "orig_id", dir: "desc" } }, { signal: soon.signal });
    soon.abort();
    await expect(page).rejects.toThrow(/abort/i);
    // The same view still answers for the next caller.
    expect((await queryDocuments({ corpusId, search: "talks", offset: 10, sort: { column: "orig_id", dir: "desc" } })).rows[0].id).toBe("d00010");
  });
});
