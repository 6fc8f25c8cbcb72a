import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { getDocument, queryDocuments } from "@/lib/corpora/query-documents";
import { DEEP_OFFSET } from "@/lib/corpora/sorted-pages";
import { brownDocs } from "@/lib/demo/brown";
import { startIngest } from "@/lib/ingest/start-ingest";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

let corpusId = "";
const N = DEEP_OFFSET + 1200;
type TRow = { id: string; text: string; source: string; genre: string; score: number; flag: boolean; idx: number };
const rows: TRow[] = [];

beforeAll(async () => {
  const dir = useTempDataDir("query");
  // Real sentences from the Brown corpus, one per document.
  const sentences = brownDocs().flatMap((d) => d.text.split("\n").map((s) => ({ s, genre: String(d.genre) })));
  for (let i = 0; i < N; i++) {
    const { s, genre } = sentences[i % sentences.length];
    rows.push({ id: `q${String(i).padStart(5, "0")}`, text: s, source: i % 3 === 0 ? "alpha" : "beta", genre, score: (i * 37) % 1000, flag: i % 2 === 0, idx: i });
  }
  const file = path.join(dir, "q.jsonl");
  fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n"));
  corpusId = startIngest({ name: "q", source: { kind: "path", path: file } }, { trusted: true }).corpusId;
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
});

const ids = (r: { rows: Record<string, unknown>[] }) => r.rows.map((x) => x.id);

describe("queryDocuments", () => {
  it("pages in corpus order with a total", async () => {
    const r = await queryDocuments({ corpusId, offset: 10, limit: 5 });
    expect(r.total).toBe(N);
    expect(ids(r)).toEqual(rows.slice(10, 15).map((x) => x.id));
    expect(r.rows[0].preview).toBe(rows[10].text.slice(0, 300));
  });

  it("sorts by any column, ties broken by id, deep pages included", async () => {
    const sorted = [...rows].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    const first = await queryDocuments({ corpusId, sort: { column: "score", dir: "desc" }, limit: 20 });
    expect(ids(first)).toEqual(sorted.slice(0, 20).map((x) => x.id));
    const deep = await queryDocuments({ corpusId, sort: { column: "score", dir: "desc" }, offset: DEEP_OFFSET + 7, limit: 50, columns: ["score"] });
    expect(ids(deep)).toEqual(sorted.slice(DEEP_OFFSET + 7, DEEP_OFFSET + 57).map((x) => x.id));
    expect(deep.rows.map((x) => x.score)).toEqual(sorted.slice(DEEP_OFFSET + 7, DEEP_OFFSET + 57).map((x) => x.score));
  });

  it("filters by numeric range, set, equality, boolean, substring and emptiness", async () => {
    const count = async (filters: unknown[]) => (await queryDocuments({ corpusId, filters: filters as never, limit: 1 })).total;
    expect(await count([{ op: "range", column: "score", min: 100, max: 199 }])).toBe(rows.filter((r) => r.score >= 100 && r.score <= 199).length);
    expect(await count([{ op: "in", column: "source", values: ["alpha"] }])).toBe(rows.filter((r) => r.source === "alpha").length);
    expect(await count([{ op: "eq", column: "flag", value: true }])).toBe(N / 2 + (N % 2));
    expect(await count([{ op: "contains", column: "genre", value: "FICTION" }])).toBe(rows.filter((r) => r.genre.includes("fiction")).length);
    expect(await count([{ op: "null", column: "genre", isNull: true }])).toBe(0);
    expect(
      await count([
        { op: "in", column: "source", values: ["beta"] },
        { op: "range", column: "idx", min: 100 },
      ]),
    ).toBe(rows.filter((r) => r.source === "beta" && r.idx >= 100).length);
  });

  it("searches the full text case-insensitively", async () => {
    const r = await queryDocuments({ corpusId, search: "GRAND JURY", limit: 500 });
    const expected = rows.filter((x) => x.text.toLowerCase().includes("grand jury"));
    expect(r.total).toBe(expected.length);
    expect(new Set(ids(r))).toEqual(new Set(expected.map((x) => x.id)));
  });

  it("searches for the text literally: pattern characters match only themselves", async () => {
    // As a pattern, "J.RY" would match "JURY"; "(" alone would be an invalid one.
    for (const search of ["GRAND J.RY", "jury (", "[a-z]+", "\\d", "|"]) {
      const r = await queryDocuments({ corpusId, search, limit: 500 });
      const expected = rows.filter((x) => x.text.toLowerCase().includes(search.toLowerCase()));
      expect(r.total).toBe(expected.length);
    }
    expect(rows.some((x) => x.text.includes("."))).toBe(true);
    expect((await queryDocuments({ corpusId, search: ".", limit: 1 })).total).toBe(rows.filter((x) => x.text.includes(".")).length);
  });

  it("rejects unknown columns and treats hostile values as data", async () => {
    await expect(queryDocuments({ corpusId, sort: { column: "nope", dir: "asc" } })).rejects.toThrow(/Unknown column "nope"/);
    await expect(queryDocuments({ corpusId, filters: [{ op: "eq", column: 'id" OR 1=1 --', value: "x" }] })).rejects.toThrow(/Unknown column/);
    await expect(queryDocuments({ corpusId, columns: ["text; DROP TABLE x"] })).rejects.toThrow(/Unknown column/);
    const r = await queryDocuments({ corpusId, filters: [{ op: "eq", column: "source", value: "alpha' OR '1'='1" }] });
    expect(r.total).toBe(0);
    const s = await queryDocuments({ corpusId, search: "%' OR 1=1 --" });
    expect(s.total).toBe(0);
    await expect(queryDocuments({ corpusId, filters: [{ op: "range", column: "source", min: 1 }] })).rejects.toThrow(/not numeric/);
  });

  it("returns one document with every field", async () => {
    const d = await getDocument(corpusId, rows[42].id);
    expect(d.fields.text).toBe(rows[42].text);
    expect(d.fields.genre).toBe(rows[42].genre);
    expect(d.fields.score).toBe(rows[42].score);
    await expect(getDocument(corpusId, "missing")).rejects.toThrow(/not found/);
  });
});
