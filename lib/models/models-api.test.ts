import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as attributeSetsGet } from "@/app/api/corpora/[id]/attribute-sets/route";
import { GET as modelGet } from "@/app/api/models/[id]/route";
import { GET as modelsGet, POST as modelsPost } from "@/app/api/models/route";
import { POST as trainFastTextPost } from "@/app/api/train/fasttext/route";
import { POST as trainStudentPost } from "@/app/api/train/student/route";
import { startIngest } from "@/lib/ingest/start-ingest";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { closeDb } from "@/lib/db/client";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

const LID = path.join(process.cwd(), "node_modules/fasttext.wasm.js/dist/models/language-identification/assets/lid.176.ftz");
const ctx = <P>(params: P) => ({ params: Promise.resolve(params) });
const post = (url: string, body: unknown) => new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

let dir = "";
let corpusId = "";

beforeAll(async () => {
  dir = useTempDataDir("models-api");
  const file = path.join(dir, "docs.jsonl");
  fs.writeFileSync(file, ["a b c", "d e f", "g h i"].map((t, i) => JSON.stringify({ id: `d${i}`, text: t, kind: i % 2 ? "x" : "y" })).join("\n"));
  corpusId = startIngest({ name: "tiny", source: { kind: "path", path: file } }, { trusted: true }).corpusId;
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
});

afterAll(() => {
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("models API", () => {
  it("registers a fastText file by path and lists it with its labels", async () => {
    const copy = path.join(dir, "lid.176.ftz");
    fs.copyFileSync(LID, copy);
    const res = await modelsPost(post("http://localhost/api/models", { kind: "fasttext", name: "lid", path: copy }), ctx({}));
    expect(res.status).toBe(200);
    const model = (await res.json()) as { id: string; status: string; config: { labels: string[] } };
    expect(model.status).toBe("ready");
    expect(model.config.labels).toHaveLength(176);
    expect(model.config.labels).toContain("en");
    const list = (await (await modelsGet(new Request("http://localhost/api/models?kind=fasttext&status=ready"), ctx({}))).json()) as { models: { id: string }[] };
    expect(list.models.map((m) => m.id)).toEqual([model.id]);
    const none = (await (await modelsGet(new Request("http://localhost/api/models?kind=student"), ctx({}))).json()) as { models: unknown[] };
    expect(none.models).toEqual([]);
    const one = await modelGet(new Request(`http://localhost/api/models/${model.id}`), ctx({ id: model.id }));
    expect(((await one.json()) as { name: string }).name).toBe("lid");
    expect((await modelGet(new Request("http://localhost/api/models/mdl_nope"), ctx({ id: "mdl_nope" }))).status).toBe(404);
  });

  it("refuses a file that is no fastText model, a path outside the data roots, and a bad kind", async () => {
    const bogus = path.join(dir, "bogus.bin");
    fs.writeFileSync(bogus, "not a model at all");
    const bad = await modelsPost(post("http://localhost/api/models", { kind: "fasttext", name: "x", path: bogus }), ctx({}));
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/not a fastText model/);
    // A real model, outside the roots: only the temp data dir is allowed here (wherever the checkout lies).
    process.env.WINNOW_DATA_ROOTS = dir;
    try {
      const outside = await modelsPost(post("http://localhost/api/models", { kind: "fasttext", name: "x", path: LID }), ctx({}));
      expect(outside.status).toBe(403);
    } finally {
      delete process.env.WINNOW_DATA_ROOTS;
    }
    expect((await modelsPost(post("http://localhost/api/models", { kind: "student", name: "x", path: bogus }), ctx({}))).status).toBe(422);
    expect((await modelsGet(new Request("http://localhost/api/models?kind=nope"), ctx({}))).status).toBe(422);
  });

  it("validates training requests at the boundary", async () => {
    const noSets = await trainFastTextPost(post("http://localhost/api/train/fasttext", { corpusId }), ctx({}));
    expect(noSets.status).toBe(422);
    const unknown = await trainFastTextPost(
      post("http://localhost/api/train/fasttext", { corpusId: "nope", positive: { label: "a", filters: [{ op: "eq", column: "kind", value: "x" }] }, negative: { label: "b", filters: [{ op: "eq", column: "kind", value: "y" }] } }),
      ctx({}),
    );
    expect(unknown.status).toBe(404);
    const student = await trainStudentPost(post("http://localhost/api/train/student", { corpusId, attributeSetId: "att_nope", scoreTargets: ["x.y"] }), ctx({}));
    expect(student.status).toBe(404);
    const malformed = await trainStudentPost(new Request("http://localhost/api/train/student", { method: "POST", body: "{" }), ctx({}));
    expect(malformed.status).toBe(400);
  });

  it("lists a corpus version's attribute sets with their columns", async () => {
    const res = await attributeSetsGet(new Request(`http://localhost/api/corpora/${corpusId}/attribute-sets`), ctx({ id: corpusId }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { attributeSets: unknown[] }).attributeSets).toEqual([]);
    expect((await attributeSetsGet(new Request("http://localhost/api/corpora/nope/attribute-sets"), ctx({ id: "nope" }))).status).toBe(404);
  });
});
