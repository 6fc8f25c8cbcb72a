import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { brownDocs } from "@/lib/demo/brown";
import { hfToHttps } from "@/lib/ingest/download";
import { saveUpload } from "@/lib/ingest/save-upload";
import { assertPathAllowed } from "@/lib/ingest/source-spec";
import { startIngest } from "@/lib/ingest/start-ingest";
import { getRunOrThrow } from "@/lib/runs/get-run";
import { rerun } from "@/lib/runs/rerun";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";
import { allowPrivateUrls } from "@/tests/helpers/allow-private-urls";

// The local test servers listen on 127.0.0.1.
allowPrivateUrls();

const docs = brownDocs().slice(0, 12).map((d) => ({ id: d.id, text: d.text }));
const gz = zlib.gzipSync(docs.map((d) => JSON.stringify(d)).join("\n"));
let server: http.Server;
let base = "";
let dataDir = "";

beforeAll(async () => {
  dataDir = useTempDataDir("sources");
  server = http.createServer((req, res) => {
    if (req.url === "/docs.jsonl.gz") {
      res.writeHead(200, { "content-length": gz.length });
      res.end(gz);
    } else {
      res.writeHead(404);
      res.end("not here");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("ingest sources", () => {
  it("downloads an http(s) URL and ingests it; a missing file fails the run with the status", async () => {
    const ok = startIngest({ source: { kind: "url", url: `${base}/docs.jsonl.gz` } });
    await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
    const run = getRunOrThrow(ok.runId);
    expect(run.status).toBe("succeeded");
    expect(run.itemsDone).toBe(12);
    const missing = startIngest({ name: "missing", source: { kind: "url", url: `${base}/nope.jsonl` } });
    await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
    const failed = getRunOrThrow(missing.runId);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/HTTP 404/);
  });

  it("maps hf:// dataset paths to the Hub's download URL and rejects globs", () => {
    expect(hfToHttps("hf://datasets/allenai/c4/en/c4-train.00000-of-01024.json.gz")).toBe("https://huggingface.co/datasets/allenai/c4/resolve/main/en/c4-train.00000-of-01024.json.gz");
    expect(hfToHttps("hf://datasets/org/ds@v1.0/data/a.parquet")).toBe("https://huggingface.co/datasets/org/ds/resolve/v1.0/data/a.parquet");
    expect(() => hfToHttps("hf://datasets/org/ds/data/*.parquet")).toThrow(/Globs/);
    expect(() => hfToHttps("hf://models/org/m/x")).toThrow(/Unsupported hf:\/\//);
  });

  it("streams uploads to disk under the size cap and refuses larger ones", async () => {
    const body = Readable.toWeb(Readable.from([gz])) as ReadableStream<Uint8Array>;
    const up = await saveUpload("../../evil name.jsonl.gz", body);
    expect(up.fileName).toBe("evil_name.jsonl.gz");
    expect(fs.readFileSync(path.join(dataDir, "uploads", up.uploadId, up.fileName))).toEqual(gz);
    process.env.WINNOW_UPLOAD_MAX_MB = "0.001";
    try {
      const big = Readable.toWeb(Readable.from([Buffer.alloc(4096, 97)])) as ReadableStream<Uint8Array>;
      await expect(saveUpload("big.jsonl", big)).rejects.toThrow(/exceeds the limit/);
      await expect(saveUpload("big.jsonl", big, 4096)).rejects.toThrow(/upload limit/);
      expect(fs.readdirSync(path.join(dataDir, "uploads"))).toHaveLength(1);
    } finally {
      delete process.env.WINNOW_UPLOAD_MAX_MB;
    }
    await expect(saveUpload("notes.docx", Readable.toWeb(Readable.from([gz])) as ReadableStream<Uint8Array>)).rejects.toThrow(/Unsupported file type/);
  });

  it("only links local paths under the allowed roots", () => {
    process.env.WINNOW_DATA_ROOTS = dataDir;
    try {
      expect(() => assertPathAllowed("/etc/hostname")).toThrow(/outside the allowed data roots/);
      expect(() => assertPathAllowed(path.join(dataDir, "missing.jsonl"))).toThrow(/No such file/);
      fs.writeFileSync(path.join(dataDir, "ok.jsonl"), gz);
      expect(assertPathAllowed(path.join(dataDir, "ok.jsonl"))).toBe(fs.realpathSync(path.join(dataDir, "ok.jsonl")));
      expect(() => startIngest({ source: { kind: "path", path: "/etc/hostname" } })).toThrow(/outside the allowed data roots/);
    } finally {
      delete process.env.WINNOW_DATA_ROOTS;
    }
  });

  it("re-runs a run with the same or an edited config", async () => {
    const first = startIngest({ name: "again", source: { kind: "url", url: `${base}/docs.jsonl.gz` } });
    await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
    const same = rerun(first.runId);
    const edited = rerun(first.runId, { ...JSON.parse(getRunOrThrow(first.runId).configJson), name: "edited" });
    await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
    expect(getRunOrThrow(same.runId).status).toBe("succeeded");
    const e = getRunOrThrow(edited.runId);
    expect(e.status).toBe("succeeded");
    expect(JSON.parse(e.configJson).name).toBe("edited");
    expect(() => rerun(first.runId, { name: "x", source: { kind: "path", path: "/etc/hostname" } })).toThrow();
  });
});
