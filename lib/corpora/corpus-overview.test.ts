import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { corpora, corpusVersions, shards } from "@/db/schema";
import { getCorpusOverview } from "@/lib/corpora/corpus-overview";
import { versionRelDir } from "@/lib/corpora/paths";
import { getDocument, queryDocuments } from "@/lib/corpora/query-documents";
import { getDb } from "@/lib/db/client";
import { quoteLiteral, withDuck } from "@/lib/duckdb/instance";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

/**
 * A corpus written the way the brief describes a version on disk: zstd Parquet shards made by
 * DuckDB, registered with drizzle. Version 1 has two shards and a column whose name needs quoting.
 */
const WEIRD = 'odd "name" col';
type TRow = { id: string; text: string; source: string; score: number | null; keep: boolean; weird: string };
const v1Rows: TRow[] = [
  { id: "a1", text: "Discount: 100% off\nsecond line", source: "web", score: 0.5, keep: true, weird: "x" },
  { id: "a2", text: "snake_case and 100 percent", source: "web", score: 2.5, keep: false, weird: "y" },
  { id: "a3", text: "plain prose about rivers", source: "books", score: null, keep: true, weird: "x" },
  { id: "b1", text: "O'Brien said: it's 50%_off", source: "books", score: 4, keep: false, weird: "z" },
  { id: "b2", text: "nothing special here", source: "code", score: 1, keep: true, weird: "x" },
];
const v2Rows: TRow[] = [{ id: "c1", text: "version two only", source: "web", score: 9, keep: true, weird: "w" }];

let corpusId = "";
let v1 = "";
let v2 = "";

const writeShard = async (dir: string, rel: string, rows: TRow[]) => {
  const values = rows
    .map((r) => `(${[r.id, r.text, r.source].map(quoteLiteral).join(", ")}, ${r.text.length}, ${r.score ?? "NULL"}, ${r.keep}, ${quoteLiteral(r.weird)})`)
    .join(", ");
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await withDuck((c) =>
    c.run(
      `COPY (SELECT id, text, source, CAST(n_chars AS BIGINT) AS n_chars, CAST(score AS DOUBLE) AS score, keep, w AS "odd ""name"" col"
        FROM (VALUES ${values}) AS t(id, text, source, n_chars, score, keep, w)) TO ${quoteLiteral(file)} (FORMAT parquet, COMPRESSION zstd)`,
    ),
  );
  return fs.statSync(file).size;
};

const COLUMNS = [
  { name: "id", type: "VARCHAR" },
  { name: "text", type: "VARCHAR" },
  { name: "source", type: "VARCHAR" },
  { name: "n_chars", type: "BIGINT" },
  { name: "score", type: "DOUBLE" },
  { name: "keep", type: "BOOLEAN" },
  { name: WEIRD, type: "VARCHAR" },
];

const addVersion = async (dir: string, version: number, parts: TRow[][]) => {
  const db = getDb();
  const id = `ver_test${version}`;
  const rel = versionRelDir(corpusId, version);
  const all = parts.flat();
  const sizes = await Promise.all(parts.map((p, i) => writeShard(dir, path.join(rel, `part-${i}.parquet`), p)));
  const sourceCounts: Record<string, number> = {};
  for (const r of all) sourceCounts[r.source] = (sourceCounts[r.source] ?? 0) + 1;
  db.insert(corpusVersions)
    .values({
      id,
      corpusId,
      version,
      status: "ready",
      path: rel,
      nDocs: all.length,
      nChars: all.reduce((a, r) => a + r.text.length, 0),
      nBytes: sizes.reduce((a, b) => a + b, 0),
      columnsJson: JSON.stringify(COLUMNS),
      sourceCountsJson: JSON.stringify(sourceCounts),
      createdAt: Date.now() + version,
    })
    .run();
  parts.forEach((p, i) => db.insert(shards).values({ id: `shd_${version}_${i}`, corpusVersionId: id, idx: i, path: path.join(rel, `part-${i}.parquet`), nDocs: p.length, nBytes: sizes[i] }).run());
  return id;
};

beforeAll(async () => {
  const dir = useTempDataDir("overview");
  corpusId = "cor_handmade";
  getDb().insert(corpora).values({ id: corpusId, name: "handmade", createdAt: Date.now() }).run();
  v1 = await addVersion(dir, 1, [v1Rows.slice(0, 3), v1Rows.slice(3)]);
  v2 = await addVersion(dir, 2, [v2Rows]);
  getDb().insert(corpora).values({ id: "cor_other", name: "other", createdAt: Date.now() }).run();
});

describe("getCorpusOverview", () => {
  it("reports stats, sources, columns, versions and numeric summaries of the chosen version", async () => {
    const o = await getCorpusOverview(corpusId, v1);
    expect(o.version).toMatchObject({ id: v1, version: 1, nDocs: 5, nChars: v1Rows.reduce((a, r) => a + r.text.length, 0) });
    expect(o.version.nBytes).toBeGreaterThan(0);
    expect(o.tokens).toBeNull();
    expect(o.sourceCounts).toEqual({ web: 2, books: 2, code: 1 });
    expect(o.shards).toBe(2);
    expect(o.columns.map((c) => c.name)).toEqual(COLUMNS.map((c) => c.name));
    expect(o.versions.map((v) => v.version)).toEqual([2, 1]);
    const score = o.histograms.find((h) => h.column === "score")!;
    expect(score).toMatchObject({ min: 0.5, max: 4, mean: 2, nulls: 1 });
    expect(score.bins.reduce((a, b) => a + b.count, 0)).toBe(4);
    const chars = o.histograms.find((h) => h.column === "n_chars")!;
    expect(chars.max).toBe(Math.max(...v1Rows.map((r) => r.text.length)));
  });

  it("without a version, needs a current version; unknown versions are not found", async () => {
    await expect(getCorpusOverview(corpusId)).rejects.toThrow(/no ready version/);
    await expect(getCorpusOverview(corpusId, "ver_missing")).rejects.toThrow(/not found/);
  });
});

describe("queryDocuments on hand-written shards", () => {
  const ids = (r: { rows: Record<string, unknown>[] }) => r.rows.map((x) => x.id);

  it("pages across shards in corpus order and picks the version", async () => {
    expect(ids(await queryDocuments({ corpusId, versionId: v1, offset: 2, limit: 2 }))).toEqual(["a3", "b1"]);
    const two = await queryDocuments({ corpusId, versionId: v2 });
    expect(two).toMatchObject({ versionId: v2, total: 1 });
    await expect(queryDocuments({ corpusId: "cor_other", versionId: v1 })).rejects.toThrow(/does not belong/);
    await expect(queryDocuments({ corpusId, versionId: v1, limit: 501 })).rejects.toThrow();
  });

  it("treats % and _ in a search as literal characters", async () => {
    const search = async (s: string) => ids(await queryDocuments({ corpusId, versionId: v1, search: s, limit: 10 }));
    expect(await search("100%")).toEqual(["a1"]);
    expect(await search("%_")).toEqual(["b1"]);
    expect(await search("e_c")).toEqual(["a2"]);
    expect(await search("o'brien")).toEqual(["b1"]);
    expect(await search("% OFF")).toEqual(["a1"]);
  });

  it("filters, sorts and returns a column whose name needs quoting", async () => {
    const r = await queryDocuments({ corpusId, versionId: v1, filters: [{ op: "in", column: WEIRD, values: ["x"] }], sort: { column: "score", dir: "desc" }, columns: [WEIRD, "keep"] });
    // NULL scores sort last; ties are broken by id.
    expect(ids(r)).toEqual(["b2", "a1", "a3"]);
    expect(r.rows[0]).toMatchObject({ [WEIRD]: "x", keep: true, source: "code", n_chars: v1Rows[4].text.length });
    expect(r.columns.map((c) => c.name)).toEqual(["id", "source", "n_chars", WEIRD, "keep"]);
  });

  it("combines search, boolean, set and range filters with a sort", async () => {
    const r = await queryDocuments({
      corpusId,
      versionId: v1,
      search: "100",
      filters: [
        { op: "eq", column: "keep", value: false },
        { op: "in", column: "source", values: ["web", "books", "x' OR 1=1 --"] },
        { op: "range", column: "n_chars", min: 1, max: 1000 },
      ],
      sort: { column: "n_chars", dir: "asc" },
    });
    expect(ids(r)).toEqual(["a2"]);
    expect((await queryDocuments({ corpusId, versionId: v1, filters: [{ op: "contains", column: "text", value: "RIVERS" }] })).total).toBe(1);
    expect((await queryDocuments({ corpusId, versionId: v1, filters: [{ op: "null", column: "score", isNull: true }] })).total).toBe(1);
    await expect(queryDocuments({ corpusId, versionId: v1, filters: [{ op: "eq", column: "n_chars", value: "1; DROP TABLE corpora" }] })).rejects.toThrow(/not a number/);
  });

  it("reads one document with its full text from the chosen version", async () => {
    const d = await getDocument(corpusId, "a1", v1);
    expect(d.fields).toMatchObject({ id: "a1", text: v1Rows[0].text, score: 0.5, keep: true, [WEIRD]: "x" });
    await expect(getDocument(corpusId, "a1", v2)).rejects.toThrow(/not found/);
  });
});
