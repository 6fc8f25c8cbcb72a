import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as annotatePost } from "@/app/api/annotate/route";
import { POST as estimatePost } from "@/app/api/annotate/estimate/route";
import { GET as attributeSetsGet } from "@/app/api/corpora/[id]/attribute-sets/route";
import { GET as documentGet } from "@/app/api/corpora/[id]/documents/[docId]/route";
import { GET as refinementGet } from "@/app/api/corpora/[id]/documents/[docId]/refinement/route";
import { GET as documentsGet } from "@/app/api/corpora/[id]/documents/route";
import { GET as corpusGet } from "@/app/api/corpora/[id]/route";
import { GET as valuesGet } from "@/app/api/corpora/[id]/values/route";
import { DELETE as endpointDelete, GET as endpointGet, PATCH as endpointPatch } from "@/app/api/endpoints/[id]/route";
import { POST as endpointTestPost } from "@/app/api/endpoints/[id]/test/route";
import { GET as exportFileGet } from "@/app/api/exports/[runId]/files/[name]/route";
import { GET as exportGet } from "@/app/api/exports/[runId]/route";
import { POST as importsPost } from "@/app/api/imports/route";
import { POST as inspectPost } from "@/app/api/ingest/inspect/route";
import { POST as ingestPost } from "@/app/api/ingest/route";
import { GET as modelGet } from "@/app/api/models/[id]/route";
import { POST as modelsPost } from "@/app/api/models/route";
import { POST as recipeDuplicatePost } from "@/app/api/recipes/[id]/duplicate/route";
import { GET as recipeGet, POST as recipePost } from "@/app/api/recipes/[id]/route";
import { POST as cancelPost } from "@/app/api/runs/[id]/cancel/route";
import { GET as eventsGet } from "@/app/api/runs/[id]/events/route";
import { POST as rerunPost } from "@/app/api/runs/[id]/rerun/route";
import { GET as runGet } from "@/app/api/runs/[id]/route";
import { GET as streamGet } from "@/app/api/runs/[id]/stream/route";
import { POST as uploadPost } from "@/app/api/uploads/route";
import { closeDb } from "@/lib/db/client";
import { startIngest } from "@/lib/ingest/start-ingest";
import { exportDir } from "@/lib/recipes/export-run";
import { createRun } from "@/lib/runs/create-run";
import { listRunEvents } from "@/lib/runs/events";
import { getRunDetails, getRunOrThrow } from "@/lib/runs/get-run";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { resolveUserPath, safeBasename } from "@/lib/security/paths";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

/**
 * Path-escape attacks (issue 10, item 4), replayed against the route handlers: every route
 * parameter that names something, and every body field that is a path. Each must be refused
 * (403/404/422), never answer with a file's contents, and write nothing.
 */

const SECRET = "TOP-SECRET-CONTENT-7f3a9c";
const ctx = <P>(params: P) => ({ params: Promise.resolve(params) });
const post = (url: string, body: unknown) => new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const REFUSED = [400, 403, 404, 422];

let dataDir = "";
let outside = "";
let secretFile = "";
let corpusId = "";
let exportRunId = "";

/** Every file and folder under `dir`, relative, sorted (the DB's own files excluded: reads may touch its WAL index). */
const listTree = (dir: string): string[] => {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const rel = path.relative(dir, path.join(d, e.name));
      if (/^winnow\.db/.test(rel)) continue;
      out.push(rel);
      if (e.isDirectory()) walk(path.join(d, e.name));
    }
  };
  walk(dir);
  return out.sort();
};

/** Traversal spellings: plain, encoded, double-encoded, backslashes, NUL, absolute, dot names. */
const attacks = (): string[] => [
  "../../../../etc/passwd",
  "..%2F..%2F..%2F..%2Fetc%2Fpasswd",
  "..%252F..%252F..%252Fetc%252Fpasswd",
  "%2e%2e%2f%2e%2e%2fwinnow.db",
  "..\\..\\..\\etc\\passwd",
  "..%5C..%5Cwinnow.db",
  "..",
  ".",
  "../winnow.db",
  "..%2fwinnow.db-wal",
  "/etc/passwd",
  secretFile,
  `${exportRunId}\0`,
  `${exportRunId}/../../winnow.db`,
  `${exportRunId}.tmp`,
  "run_abc\u0000../../etc/passwd",
];

beforeAll(async () => {
  dataDir = useTempDataDir("sec-paths");
  outside = fs.mkdtempSync(path.join(os.tmpdir(), "winnow-outside-"));
  secretFile = path.join(outside, "secret.jsonl");
  fs.writeFileSync(secretFile, `{"id":"s1","text":"${SECRET}"}\n`);
  fs.writeFileSync(path.join(outside, "tokenizer.json"), SECRET);
  const file = path.join(dataDir, "docs.jsonl");
  fs.writeFileSync(file, ["alpha beta gamma", "delta epsilon zeta", "eta theta iota"].map((t, i) => JSON.stringify({ id: `d${i}`, text: t })).join("\n"));
  corpusId = startIngest({ name: "tiny", source: { kind: "path", path: file } }, { trusted: true }).corpusId;
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
  const run = createRun("export", { recipe: { corpusId, sampling: { method: "uniform" }, budget: { unit: "docs", value: 3 }, seed: 1, output: { format: "jsonl.zst", shardDocs: 10 } } });
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
  expect(getRunOrThrow(run.id).status).toBe("succeeded");
  exportRunId = run.id;
});

afterAll(() => {
  closeDb();
  fs.rmSync(outside, { recursive: true, force: true });
});

/** Calls a handler and checks it refused without leaking the secret or writing anything. */
const expectRefused = async (call: () => Promise<Response>, label: string): Promise<{ status: number; text: string }> => {
  const before = listTree(dataDir);
  const res = await call();
  const text = await res.text();
  expect(REFUSED, `${label}: ${res.status} ${text.slice(0, 200)}`).toContain(res.status);
  expect(text, label).not.toContain(SECRET);
  expect(text, label).not.toContain("root:x:0:0");
  expect(listTree(dataDir), label).toEqual(before);
  return { status: res.status, text };
};

describe("exports: files addressed by a succeeded run's id and its listed names only", () => {
  it("serves a listed file of a succeeded export (the control)", async () => {
    const res = await exportFileGet(new Request("http://localhost/x"), ctx({ runId: exportRunId, name: "manifest.json" }));
    expect(res.status).toBe(200);
    expect(JSON.parse(await res.text()).output.files.length).toBeGreaterThan(0);
    const shard = await exportFileGet(new Request("http://localhost/x"), ctx({ runId: exportRunId, name: "part-00000.jsonl.zst" }));
    expect(shard.status).toBe(200);
  });

  it("refuses traversal in the run id and in the file name", async () => {
    for (const a of attacks()) {
      await expectRefused(() => exportGet(new Request("http://localhost/x"), ctx({ runId: a })), `manifest runId=${JSON.stringify(a)}`);
      await expectRefused(() => exportFileGet(new Request("http://localhost/x"), ctx({ runId: a, name: "winnow.db" })), `file runId=${JSON.stringify(a)}`);
      await expectRefused(() => exportFileGet(new Request("http://localhost/x"), ctx({ runId: a, name: "manifest.json" })), `file runId=${JSON.stringify(a)} manifest`);
      await expectRefused(() => exportFileGet(new Request("http://localhost/x"), ctx({ runId: exportRunId, name: a })), `file name=${JSON.stringify(a)}`);
    }
    for (const name of ["../winnow.db", "..%2F..%2Fwinnow.db", "part-00000.jsonl.zst/../manifest.json", "manifest.json\0", "MANIFEST.JSON", " manifest.json"]) {
      await expectRefused(() => exportFileGet(new Request("http://localhost/x"), ctx({ runId: exportRunId, name })), `file name=${JSON.stringify(name)}`);
    }
  });

  it("never serves a half-written (.tmp) export or one that has not succeeded", async () => {
    // A temp folder next to the real one, as an interrupted export leaves it.
    fs.mkdirSync(`${exportDir(exportRunId)}.tmp`, { recursive: true });
    fs.writeFileSync(path.join(`${exportDir(exportRunId)}.tmp`, "part-00000.jsonl.zst"), SECRET);
    await expectRefused(() => exportFileGet(new Request("http://localhost/x"), ctx({ runId: `${exportRunId}.tmp`, name: "part-00000.jsonl.zst" })), "tmp export");
    // A queued export whose folder already holds a file.
    const queued = createRun("export", { recipe: { corpusId, sampling: { method: "uniform" }, budget: { unit: "docs", value: 3 }, seed: 2, output: { format: "jsonl.zst", shardDocs: 10 } } });
    fs.mkdirSync(exportDir(queued.id), { recursive: true });
    fs.writeFileSync(path.join(exportDir(queued.id), "manifest.json"), JSON.stringify({ secret: SECRET }));
    await expectRefused(() => exportFileGet(new Request("http://localhost/x"), ctx({ runId: queued.id, name: "manifest.json" })), "queued export file");
    await expectRefused(() => exportGet(new Request("http://localhost/x"), ctx({ runId: queued.id })), "queued export manifest");
    // A listed-looking name that is a symlink out of the data dir.
    fs.symlinkSync(secretFile, path.join(exportDir(exportRunId), "evil.jsonl.zst"));
    await expectRefused(() => exportFileGet(new Request("http://localhost/x"), ctx({ runId: exportRunId, name: "evil.jsonl.zst" })), "symlink in export");
  });
});

describe("every other route parameter that names something is a DB key, never a path", () => {
  it("refuses traversal spellings in corpus, document, run, model, recipe and endpoint ids", async () => {
    const u = (p: string) => new Request(`http://localhost${p}`);
    for (const a of attacks()) {
      const l = JSON.stringify(a);
      await expectRefused(() => corpusGet(u("/c"), ctx({ id: a })), `corpus ${l}`);
      await expectRefused(() => valuesGet(u("/c?column=source"), ctx({ id: a })), `values ${l}`);
      await expectRefused(() => attributeSetsGet(u("/c"), ctx({ id: a })), `attribute sets ${l}`);
      await expectRefused(() => documentsGet(u("/c"), ctx({ id: a })), `documents ${l}`);
      await expectRefused(() => documentGet(u("/c"), ctx({ id: a, docId: "d0" })), `document corpus ${l}`);
      await expectRefused(() => documentGet(u("/c"), ctx({ id: corpusId, docId: a })), `document id ${l}`);
      await expectRefused(() => refinementGet(u("/c"), ctx({ id: corpusId, docId: a })), `refinement ${l}`);
      await expectRefused(() => runGet(u("/r"), ctx({ id: a })), `run ${l}`);
      await expectRefused(() => eventsGet(u("/r"), ctx({ id: a })), `events ${l}`);
      await expectRefused(() => streamGet(u("/r"), ctx({ id: a })), `stream ${l}`);
      await expectRefused(() => cancelPost(post("http://localhost/r", {}), ctx({ id: a })), `cancel ${l}`);
      await expectRefused(() => rerunPost(post("http://localhost/r", {}), ctx({ id: a })), `rerun ${l}`);
      await expectRefused(() => modelGet(u("/m"), ctx({ id: a })), `model ${l}`);
      await expectRefused(() => recipeGet(u("/x"), ctx({ id: a })), `recipe ${l}`);
      await expectRefused(() => recipePost(post("http://localhost/x", { name: "x" }), ctx({ id: a })), `recipe save ${l}`);
      await expectRefused(() => recipeDuplicatePost(post("http://localhost/x", {}), ctx({ id: a })), `recipe duplicate ${l}`);
      await expectRefused(() => endpointGet(u("/e"), ctx({ id: a })), `endpoint ${l}`);
      await expectRefused(() => endpointPatch(new Request("http://localhost/e", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "x" }) }), ctx({ id: a })), `endpoint patch ${l}`);
      await expectRefused(() => endpointDelete(u("/e"), ctx({ id: a })), `endpoint delete ${l}`);
      await expectRefused(() => endpointTestPost(post("http://localhost/e", {}), ctx({ id: a })), `endpoint test ${l}`);
    }
  });
});

describe("user-given paths are confined to the data roots", () => {
  it("refuses paths outside the roots with one message, whether or not they exist", async () => {
    const given = [secretFile, path.join(outside, "does-not-exist.jsonl"), "/etc/passwd", "/nonexistent/x.jsonl", path.join(dataDir, "..", path.basename(outside), "secret.jsonl")];
    const messages = new Set<string>();
    for (const p of given) {
      const { status, text } = await expectRefused(() => ingestPost(post("http://localhost/api/ingest", { source: { kind: "path", path: p } }), ctx({})), `ingest ${p}`);
      expect(status).toBe(403);
      messages.add(JSON.parse(text).error.message.replace(p, "<path>"));
      const inspected = await expectRefused(() => inspectPost(post("http://localhost/api/ingest/inspect", { source: { kind: "path", path: p } }), ctx({})), `inspect ${p}`);
      expect(inspected.status).toBe(403);
    }
    expect([...messages]).toHaveLength(1);
  });

  it("follows symlinks before deciding, and a dangling link says nothing about its target", async () => {
    const link = path.join(dataDir, "link-out.jsonl");
    fs.symlinkSync(secretFile, link);
    const dangling = path.join(dataDir, "dangling.jsonl");
    fs.symlinkSync(path.join(outside, "missing.jsonl"), dangling);
    const dirLink = path.join(dataDir, "dir-out");
    fs.symlinkSync(outside, dirLink);
    for (const p of [link, dangling, dirLink, path.join(dirLink, "secret.jsonl"), path.join(dirLink, "missing.jsonl")]) {
      const { status } = await expectRefused(() => ingestPost(post("http://localhost/api/ingest", { source: { kind: "path", path: p } }), ctx({})), `ingest ${p}`);
      expect(status).toBe(403);
    }
    // Inside the roots a missing file is simply not found.
    expect(() => resolveUserPath(path.join(dataDir, "missing.jsonl"))).toThrow(/No such file/);
  });

  it("never opens the metadata DB, and refuses NUL and empty paths", async () => {
    for (const p of [path.join(dataDir, "winnow.db"), path.join(dataDir, "winnow.db-wal"), path.join(dataDir, "corpora", "..", "winnow.db")]) {
      const { status } = await expectRefused(() => ingestPost(post("http://localhost/api/ingest", { source: { kind: "path", path: p } }), ctx({})), `ingest ${p}`);
      expect(status).toBe(403);
    }
    for (const p of [`${path.join(dataDir, "docs.jsonl")}\0.txt`, "   "]) {
      await expectRefused(() => ingestPost(post("http://localhost/api/ingest", { source: { kind: "path", path: p } }), ctx({})), `ingest ${JSON.stringify(p)}`);
    }
  });

  it("does not include the home directory or the temp dir by default; WINNOW_DATA_ROOTS adds folders", () => {
    expect(() => resolveUserPath(secretFile)).toThrow(/outside the allowed data roots/);
    expect(() => resolveUserPath(path.join(os.homedir(), ".bashrc"))).toThrow(/outside the allowed data roots/);
    process.env.WINNOW_DATA_ROOTS = outside;
    try {
      expect(resolveUserPath(secretFile)).toBe(fs.realpathSync(secretFile));
    } finally {
      delete process.env.WINNOW_DATA_ROOTS;
    }
  });

  it("confines scores files, model files, ARPA files and tokenizer.json paths", async () => {
    const fakeFt = path.join(outside, "model.bin");
    fs.writeFileSync(fakeFt, SECRET);
    await expectRefused(() => importsPost(post("http://localhost/api/imports", { corpusId, source: { kind: "path", path: secretFile } }), ctx({})), "import scores");
    await expectRefused(() => modelsPost(post("http://localhost/api/models", { kind: "fasttext", name: "x", path: fakeFt }), ctx({})), "register model");
    const arpa = path.join(outside, "model.arpa");
    fs.writeFileSync(arpa, SECRET);
    await expectRefused(() => annotatePost(post("http://localhost/api/annotate", { corpusId, annotators: [{ id: "perplexity", config: { arpa_path: arpa } }] }), ctx({})), "perplexity arpa");
    const tok = path.join(outside, "tokenizer.json");
    await expectRefused(() => annotatePost(post("http://localhost/api/annotate", { corpusId, annotators: [{ id: "stats", config: { tokenizer: tok } }] }), ctx({})), "stats tokenizer (run)");
    await expectRefused(() => estimatePost(post("http://localhost/api/annotate/estimate", { corpusId, annotators: [{ id: "stats", config: { tokenizer: tok } }] }), ctx({})), "stats tokenizer (estimate)");
    await expectRefused(() => estimatePost(post("http://localhost/api/annotate/estimate", { corpusId, annotators: [{ id: "stats", config: { tokenizer: "/etc/passwd" } }] }), ctx({})), "stats tokenizer /etc/passwd");
  });

  it("does not echo a file's contents when a tokenizer inside the roots is not JSON", async () => {
    const bad = path.join(dataDir, "tokenizer.json");
    fs.writeFileSync(bad, SECRET);
    const res = await estimatePost(post("http://localhost/api/annotate/estimate", { corpusId, annotators: [{ id: "stats", config: { tokenizer: bad } }] }), ctx({}));
    const text = await res.text();
    expect(REFUSED, text).toContain(res.status);
    expect(text).not.toContain(SECRET);
    expect(text).toMatch(/not a valid JSON tokenizer file/);
  });
});

describe("names from uploads and URLs become safe basenames", () => {
  it("reduces hostile names to one plain file name", () => {
    expect(safeBasename("..%2F..%2F..%2Froot%2F.bashrc")).toBe("bashrc");
    expect(safeBasename("..%252F..%252Fx.jsonl")).toBe("_2F.._2Fx.jsonl");
    expect(safeBasename("..\\..\\evil.jsonl")).toBe("evil.jsonl");
    expect(safeBasename("/etc/passwd")).toBe("passwd");
    expect(safeBasename("a\0b.jsonl")).toBe("ab.jsonl");
    expect(safeBasename("..")).toBe("file");
    expect(safeBasename("%")).toBe("_");
  });

  it("stores an upload with a traversal name inside its own folder", async () => {
    const before = fs.existsSync(path.join(dataDir, "..", "evil.jsonl"));
    const body = Readable.toWeb(Readable.from([Buffer.from('{"text":"x"}\n')])) as ReadableStream<Uint8Array>;
    const req = new Request(`http://localhost/api/uploads?filename=${encodeURIComponent("../../..%2F..%2Fevil.jsonl")}`, { method: "POST", body, duplex: "half" } as RequestInit);
    const res = await uploadPost(req, ctx({}));
    expect(res.status).toBe(200);
    const up = (await res.json()) as { uploadId: string; fileName: string };
    expect(up.fileName).toBe("evil.jsonl");
    expect(fs.existsSync(path.join(dataDir, "uploads", up.uploadId, "evil.jsonl"))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, "..", "evil.jsonl"))).toBe(before);
  });
});

describe("bad-row samples", () => {
  it("leave the input excerpts out for a reader who may not read the corpus", async () => {
    const file = path.join(dataDir, "bad.jsonl");
    fs.writeFileSync(file, `{"id":"ok","text":"fine"}\n{"id":"bad","text":${JSON.stringify(SECRET)}\n`);
    const { runId, corpusId: cid } = startIngest({ name: "bad", source: { kind: "path", path: file } }, { trusted: true });
    await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
    const deny = { mayReadCorpus: () => false };
    const allow = { mayReadCorpus: (id: string) => id === cid };
    // Single-user mode and a reader of the corpus see the excerpt (the control) …
    expect(JSON.stringify(listRunEvents(runId))).toContain(SECRET);
    expect(JSON.stringify(listRunEvents(runId, 0, 1000, { reader: allow, corpusId: cid }))).toContain(SECRET);
    expect(JSON.stringify(getRunDetails(runId, { reader: allow }))).toContain(SECRET);
    // … anyone else gets the line numbers and messages without it.
    const events = listRunEvents(runId, 0, 1000, { reader: deny, corpusId: cid });
    expect(JSON.stringify(events)).not.toContain(SECRET);
    expect(events.some((e) => e.kind === "invalid_json")).toBe(true);
    expect(JSON.stringify(getRunDetails(runId, { reader: deny }))).not.toContain(SECRET);
  });
});
