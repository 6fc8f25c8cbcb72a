import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { inferenceCache } from "@/db/schema";
import type { TInferenceSummary } from "@/lib/annotate/inference-summary";
import { startAnnotate } from "@/lib/annotate/start-annotate";
import { queryDocuments } from "@/lib/corpora/query-documents";
import { getDb } from "@/lib/db/client";
import { DATAMAN_DOMAINS } from "@/lib/dataman/criteria";
import { startIngest } from "@/lib/ingest/start-ingest";
import { datamanAnnotator } from "@/lib/annotators/dataman";
import { createEndpoint } from "@/lib/inference/endpoints";
import { emptyStats } from "@/lib/inference/stats";
import { getRunOrThrow } from "@/lib/runs/get-run";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { hashText, RATING_KEYS, rateText, startInferenceServer, type TInferenceServer } from "@/tests/helpers/inference-server";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";
import { allowPrivateUrls } from "@/tests/helpers/allow-private-urls";

// The local test servers listen on 127.0.0.1.
allowPrivateUrls();

const COLUMNS = [...RATING_KEYS.map((k) => `dataman.${k}`), "dataman.domain", "dataman.error", "dataman.rated"];
const VOCAB = {
  finance: "the bank raised the price of credit and the stock market fell as investors moved cash into loans".split(" "),
  code: "install the npm module then import the function and call the api from your typescript code on github".split(" "),
  plain: "a quiet morning the river ran past old houses while children played near the bridge and birds sang".split(" "),
};

/** Short generated documents (no truncation, nothing for DataMan's cleaning to remove): the text sent is the text stored. */
const makeDocs = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => {
    const source = ["a", "b", "c"][i % 3];
    const vocab = Object.values(VOCAB)[Math.floor(i / 3) % 3];
    const words = Array.from({ length: 12 + ((i * 7) % 40) }, (_, k) => vocab[(i * 3 + k * k) % vocab.length]);
    return { id: `${prefix}-${String(i).padStart(3, "0")}`, source, text: `${prefix} document ${i}: ${words.join(" ")}.` };
  });

const ingest = async (dir: string, name: string, docs: { id: string; source: string; text: string }[]) => {
  const file = path.join(dir, `${name}.jsonl`);
  fs.writeFileSync(file, docs.map((d) => JSON.stringify(d)).join("\n"));
  const { corpusId } = startIngest({ name, source: { kind: "path", path: file } }, { trusted: true });
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
  return corpusId;
};

const rows = async (corpusId: string, n: number) => {
  const r = await queryDocuments({ corpusId, columns: COLUMNS, limit: n + 10, sort: { column: "id", dir: "asc" } });
  return r.rows as Record<string, unknown>[];
};

const letterOf = (name: unknown) => DATAMAN_DOMAINS.find((d) => d.name === name)?.letter;
const inference = (runId: string) => (JSON.parse(getRunOrThrow(runId).summaryJson).inference as TInferenceSummary).dataman;
const runToEnd = async (runId: string) => {
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
  const run = getRunOrThrow(runId);
  expect(run.status, run.error ?? "").toBe("succeeded");
  return run;
};

let server: TInferenceServer;
let dir = "";
let endpointId = "";

beforeAll(async () => {
  process.env.WINNOW_SHARD_DOCS = "30";
  process.env.WINNOW_LEASE_MS = "1500";
  dir = useTempDataDir("dataman");
  server = await startInferenceServer();
  endpointId = createEndpoint({ name: "local", kind: "openai", baseUrl: server.url, model: "test-model", token: "hf_dataman_test_token_1234", concurrency: 8, timeoutMs: 1500 }).id;
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe("dataman annotator", () => {
  it("rates edge-case texts and writes exactly its declared columns with their types", async () => {
    const edge: Record<string, string> = {
      empty: "",
      whitespace: " \n\t\r\n ",
      repeatedLine10MB: "the same line over and over again\n".repeat(300_000),
      binary: Array.from({ length: 4000 }, (_, i) => String.fromCharCode((i * 7919) % 65_536)).join(""),
      emojiCjk: "今天天气很好😀我们去公园散步吧。🌳🌞 これは日本語の文です。👨‍👩‍👧 한국어 문장입니다.",
      loneSurrogates: "\ud800 abc \udc00 def \ud83d",
    };
    const a = datamanAnnotator;
    const config = a.configSchema.parse({ endpointId });
    const docs = Object.entries(edge).map(([id, text]) => ({ id, text }));
    const out = await a.annotate(docs, config, { signal: new AbortController().signal, inference: emptyStats() });
    const declared = a.columns(config);
    expect(out).toHaveLength(docs.length);
    out.forEach((row, i) => {
      expect(Object.keys(row).sort(), docs[i].id).toEqual(declared.map((c) => c.name).sort());
      expect(row["dataman.rated"], `${docs[i].id}: ${row["dataman.error"]}`).toBe(true);
      for (const c of declared.filter((x) => x.type === "BIGINT")) expect(Number.isSafeInteger(row[c.name])).toBe(true);
      expect(typeof row["dataman.domain"]).toBe("string");
    });
    // The 10 MB text was cut to its first and last halves of the token budget around "...".
    const long = server.requests.find((r) => r.text.startsWith("the same line"))!;
    expect(long.text).toContain("...");
    expect(long.text.length).toBeLessThan(20_000);
  });

  it("sends the DataMan prompt to a tgi endpoint as the raw Qwen chat prompt, and the instruct prompt as chat; both parse", async () => {
    const docs = makeDocs(6, "styles").map(({ id, text }) => ({ id, text }));
    const ctx = () => ({ signal: new AbortController().signal, inference: emptyStats() });
    const tgi = createEndpoint({ name: "tgi", kind: "tgi", baseUrl: server.url }).id;
    const viaTgi = await datamanAnnotator.annotate(docs, datamanAnnotator.configSchema.parse({ endpointId: tgi }), ctx());
    const generate = server.requests.filter((r) => r.path === "/generate");
    expect(generate).toHaveLength(docs.length);
    const inputs = String(generate[0].body.inputs);
    expect(inputs.startsWith("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nPlease score the text on fourteen evaluation criteria")).toBe(true);
    expect(inputs.endsWith("[14]Overall Score:_/5<|im_end|>\n<|im_start|>assistant\n")).toBe(true);
    expect(generate[0].body.parameters).toMatchObject({ do_sample: false, stop: ["<|im_end|>", "<|endoftext|>"], max_new_tokens: 200 });

    server.reset();
    const instruct = await datamanAnnotator.annotate(docs, datamanAnnotator.configSchema.parse({ endpointId, promptStyle: "instruct" }), ctx());
    expect(server.requests.every((r) => r.style === "instruct" && r.path === "/v1/chat/completions")).toBe(true);
    const messages = server.requests[0].body.messages as { role: string; content: string }[];
    expect(messages[0]).toMatchObject({ role: "system", content: expect.stringContaining("expert to evaluate the text quality") });
    expect(messages[1].content).toContain("[1]Textual Accuracy: The higher the score");
    docs.forEach((d, i) => {
      const expected = rateText(d.text);
      for (const out of [viaTgi[i], instruct[i]]) {
        expect(RATING_KEYS.map((k) => out[`dataman.${k}`])).toEqual(expected.scores);
        expect(letterOf(out["dataman.domain"])).toBe(expected.domain);
      }
    });
  });

  it("needs an endpoint that exists when a run is planned", () => {
    expect(() => startAnnotate({ corpusId: "nope", annotators: [{ id: "dataman", config: {} }] })).toThrow(/choose an inference endpoint/);
    expect(() => datamanAnnotator.validate!(datamanAnnotator.configSchema.parse({ endpointId: "ep_missing" }))).toThrow(/not found/);
  });
});

describe("dataman annotation runs", () => {
  it("every document ends rated or with its error; none lost, none billed twice; a re-run pays only for the failures", async () => {
    const docs = makeDocs(90, "mix");
    const corpusId = await ingest(dir, "mix", docs);
    // Failure modes by document: 500 twice, 429 once (Retry-After), always malformed, always 500, slow once (timeout), dropped once.
    const modeOf = new Map(docs.map((d, i) => [hashText(d.text), i % 6]));
    server.setBehaviour((r) => {
      const mode = modeOf.get(r.hash);
      if (mode === 0 && r.nth <= 2) return { kind: "status", status: 500 };
      if (mode === 1 && r.nth === 1) return { kind: "status", status: 429, retryAfter: "0.2" };
      if (mode === 2) return { kind: "malformed", text: "B\n4\n4" };
      if (mode === 3) return { kind: "status", status: 503 };
      if (mode === 4 && r.nth === 1) return { kind: "ok", delayMs: 3000 };
      if (mode === 5 && r.nth === 1) return { kind: "drop" };
      return { kind: "ok" };
    });
    const config = { endpointId, attempts: 3, malformedAttempts: 2 };
    const { runId } = startAnnotate({ corpusId, annotators: [{ id: "dataman", config }] });
    await runToEnd(runId);

    const out = await rows(corpusId, docs.length);
    expect(out.map((r) => r.id)).toEqual(docs.map((d) => d.id));
    docs.forEach((d, i) => {
      const r = out[i];
      const mode = i % 6;
      if (mode === 2 || mode === 3) {
        expect(r["dataman.rated"]).toBe(false);
        expect(String(r["dataman.error"])).toMatch(mode === 2 ? /^malformed: / : /^http_5xx: /);
        expect(RATING_KEYS.every((k) => r[`dataman.${k}`] === null)).toBe(true);
        expect(r["dataman.domain"]).toBeNull();
      } else {
        const expected = rateText(d.text);
        expect(r["dataman.rated"]).toBe(true);
        expect(r["dataman.error"]).toBeNull();
        expect(RATING_KEYS.map((k) => Number(r[`dataman.${k}`]))).toEqual(expected.scores);
        expect(letterOf(r["dataman.domain"])).toBe(expected.domain);
      }
    });
    // Billing: one answer per rated document; two (malformed) answers per malformed one; 3 requests for an always-503 document.
    docs.forEach((d, i) => {
      const mode = i % 6;
      const answers = server.answersByHash.get(hashText(d.text)) ?? 0;
      expect(answers, `mode ${mode}`).toBe(mode === 2 ? 2 : mode === 3 ? 0 : 1);
      if (mode === 3) expect(server.requestsByHash.get(hashText(d.text))).toBe(3);
    });
    const s = inference(runId);
    const answered = server.requests.filter((r) => r.answered);
    expect(s.totals).toMatchObject({
      requests: server.requests.length,
      answered: answered.length,
      cacheHits: 0,
      callsOk: 60,
      callsFailed: 30,
      callErrors: { malformed: 15, http_5xx: 15 },
      requestErrors: { http_5xx: 15 * 2 + 15 * 3, http_429: 15, malformed: 30, timeout: 15, network: 15 },
      tokensIn: answered.reduce((a, r) => a + r.answered!.promptTokens, 0),
      tokensOut: answered.reduce((a, r) => a + r.answered!.completionTokens, 0),
    });
    expect(s.endpoint).toMatchObject({ id: endpointId, name: "local", model: "test-model" });
    expect(JSON.stringify(getRunOrThrow(runId).summaryJson)).not.toContain("hf_dataman_test_token");

    // A re-run: rated documents come from the cache, only the failed ones are asked again.
    const before = new Map(server.requestsByHash);
    server.setBehaviour(() => ({ kind: "ok" }));
    const rerun = startAnnotate({ corpusId, annotators: [{ id: "dataman", config }] });
    await runToEnd(rerun.runId);
    docs.forEach((d, i) => {
      const h = hashText(d.text);
      const failed = i % 6 === 2 || i % 6 === 3;
      expect(server.requestsByHash.get(h)! - (before.get(h) ?? 0)).toBe(failed ? 1 : 0);
    });
    expect(inference(rerun.runId).totals).toMatchObject({ cacheHits: 60, callsOk: 90, requests: 30 });
    const after = await rows(corpusId, docs.length);
    expect(after.every((r) => r["dataman.rated"] === true)).toBe(true);
  }, 120_000);

  it("sample mode rates a stratified sample by source, chosen by md5(id, seed); the rest stay null and unrated", async () => {
    const docs = makeDocs(90, "smp");
    const corpusId = await ingest(dir, "smp", docs);
    const { runId } = startAnnotate({ corpusId, annotators: [{ id: "dataman", config: { endpointId, sampleSize: 20, sampleSeed: 7 } }] });
    await runToEnd(runId);
    // 20 of 3 × 30: 6.67 each → 6 each and the 2 left over to the first sources by name (a, b).
    const quotas: Record<string, number> = { a: 7, b: 7, c: 6 };
    const md5 = (s: string) => createHash("md5").update(s).digest("hex");
    const expected = new Set(
      Object.entries(quotas).flatMap(([source, q]) =>
        docs
          .filter((d) => d.source === source)
          .map((d) => d.id)
          .sort((x, y) => (md5(`${x}:7`) < md5(`${y}:7`) ? -1 : 1))
          .slice(0, q),
      ),
    );
    const out = await rows(corpusId, docs.length);
    const rated = new Set(out.filter((r) => r["dataman.rated"] === true).map((r) => String(r.id)));
    expect(rated).toEqual(expected);
    for (const r of out.filter((x) => !rated.has(String(x.id)))) {
      expect(r["dataman.error"]).toBeNull();
      expect(r["dataman.overall_score"]).toBeNull();
      expect(r["dataman.rated"]).toBe(false);
    }
    expect(server.requests).toHaveLength(20);
    const summary = JSON.parse(getRunOrThrow(runId).summaryJson);
    expect(summary.sample.dataman).toEqual({ size: 20, seed: 7, sampled: 20, bySource: { a: { docs: 30, sampled: 7 }, b: { docs: 30, sampled: 7 }, c: { docs: 30, sampled: 6 } } });
    expect(summary.inference.dataman.totals).toMatchObject({ callsOk: 20, requests: 20 });
  }, 60_000);

  it("a worker killed with SIGKILL mid-run loses no paid answer: after resuming, cached documents are not requested again", async () => {
    const docs = makeDocs(240, "kill");
    const corpusId = await ingest(dir, "kill", docs);
    const slow = createEndpoint({ name: "slow", kind: "openai", baseUrl: server.url, model: "kill-model", concurrency: 4, timeoutMs: 5000 }).id;
    server.setLatency(40);
    try {
      const { runId } = startAnnotate({ corpusId, annotators: [{ id: "dataman", config: { endpointId: slow } }] });
      const worker = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], { env: { ...process.env }, stdio: "ignore" });
      const cached = () => getDb().select({ h: inferenceCache.contentHash }).from(inferenceCache).where(eq(inferenceCache.model, "kill-model")).all();
      const deadline = Date.now() + 60_000;
      while (cached().length < 50) {
        if (Date.now() > deadline) throw new Error("the worker made no progress");
        await new Promise((r) => setTimeout(r, 25));
      }
      worker.kill("SIGKILL");
      await new Promise((r) => worker.once("exit", r));
      expect(getRunOrThrow(runId).status).toBe("running");
      const paid = new Set(cached().map((c) => c.h));
      expect(paid.size).toBeGreaterThanOrEqual(50);
      expect(paid.size).toBeLessThan(docs.length);
      const before = new Map(server.requestsByHash);

      // A new worker re-claims the dead worker's task once its lease expires, and finishes the run.
      await runWorkerLoop({ shouldStop: () => ["succeeded", "failed"].includes(getRunOrThrow(runId).status), idleMs: 50 });
      expect(getRunOrThrow(runId).status).toBe("succeeded");
      for (const h of paid) expect(server.requestsByHash.get(h)).toBe(before.get(h));
      // Only answers in flight at the kill (at most the endpoint's concurrency) were paid twice.
      const twice = docs.filter((d) => (server.answersByHash.get(hashText(d.text)) ?? 0) > 1);
      expect(twice.length).toBeLessThanOrEqual(4);
      for (const d of twice) expect(paid.has(hashText(d.text))).toBe(false);
      const out = await rows(corpusId, docs.length);
      expect(out).toHaveLength(docs.length);
      expect(out.every((r) => r["dataman.rated"] === true)).toBe(true);
      const s = inference(runId);
      expect(s.totals.callsOk).toBe(docs.length);
      expect(s.totals.cacheHits).toBeGreaterThanOrEqual(paid.size - 100);
    } finally {
      server.setLatency(0);
    }
  }, 120_000);
});
