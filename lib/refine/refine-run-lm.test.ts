import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attributeTables } from "@/lib/annotate/attribute-sets";
import { dataPath } from "@/lib/corpora/paths";
import { listShards } from "@/lib/corpora/versions";
import { queryRows } from "@/lib/duckdb/instance";
import { startIngest } from "@/lib/ingest/start-ingest";
import { createEndpoint } from "@/lib/inference/endpoints";
import { refineSetsOfRun } from "@/lib/refine/refine-run";
import { startRefine } from "@/lib/refine/start-refine";
import { getRunOrThrow } from "@/lib/runs/get-run";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { startInferenceServer, type TInferenceServer } from "@/tests/helpers/inference-server";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";
import { allowPrivateUrls } from "@/tests/helpers/allow-private-urls";

// The local test servers listen on 127.0.0.1.
allowPrivateUrls();

/**
 * The LM path of a refinement run, end to end, against the local OpenAI-compatible test server
 * (tests/helpers/inference-server.ts) through a real endpoint. The server plays both ProX models:
 * the document model drops texts containing DROPME; the chunk model removes lines starting with
 * NOISE and answers garbage for chunks containing GARBAGE. A document containing BADREQUEST gets
 * HTTP 400 for its document-stage request (not retried: it stays unchanged with the error
 * recorded); one containing FLAKY gets a 500 once (retried).
 */
type TMessage = { role: string; content: string };
const proxAnswer = (messages: TMessage[]): string => {
  const user = messages[1].content;
  if (!user.startsWith("[doc]\n")) return user.includes("DROPME") ? "drop_doc()" : "keep_doc()";
  const lines = user.split("\n").slice(1, -1);
  if (lines.some((l) => l.includes("GARBAGE"))) return "I think this chunk is fine.\nsummarize(all)";
  const ops = lines.flatMap((l) => {
    const m = /^\[(\d+)\](.*)$/.exec(l)!;
    return m[2].startsWith("NOISE") ? [`remove_lines(line_start=${Number(m[1])}, line_end=${Number(m[1])})`] : [];
  });
  return ops.length ? ops.join("\n") : "skip_chunk()";
};

let server: TInferenceServer;
let endpointId = "";
const maxTokens = { doc: new Set<number>(), chunk: new Set<number>() };
const calls = { doc: 0, chunk: 0 };

const PROSE = "The committee met on Tuesday and agreed to publish the report before the end of the month.";
let corpusId = "";
const docs: { id: string; text: string }[] = [];

beforeAll(async () => {
  process.env.WINNOW_SHARD_DOCS = "10";
  const dir = useTempDataDir("refine-lm");
  for (let i = 0; i < 24; i++) {
    const body = Array.from({ length: 3 + (i % 5) * 8 }, (_, j) => `${PROSE} (${i}.${j})`);
    if (i % 3 === 0) body.splice(1, 0, "NOISE: share this page", "NOISE: back to top");
    if (i % 8 === 5) body.push("DROPME");
    if (i === 7) body.push("GARBAGE");
    if (i === 10) body.push("BADREQUEST");
    if (i === 11) body.push("FLAKY");
    docs.push({ id: `d${String(i).padStart(2, "0")}`, text: body.join("\n") });
  }
  const file = path.join(dir, "docs.jsonl");
  fs.writeFileSync(file, docs.map((d) => JSON.stringify(d)).join("\n"));
  corpusId = startIngest({ name: "lm", source: { kind: "path", path: file } }, { trusted: true }).corpusId;
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
  server = await startInferenceServer({ model: "gair-prox/web-chunk-refining-lm" });
  server.setBehaviour((info) => {
    const messages = info.body.messages as TMessage[];
    const chunk = messages[1].content.startsWith("[doc]\n");
    (chunk ? maxTokens.chunk : maxTokens.doc).add(Number(info.body.max_tokens));
    if (!chunk && messages[1].content.includes("BADREQUEST")) return { kind: "status", status: 400 };
    if (!chunk && messages[1].content.includes("FLAKY") && info.nth === 1) return { kind: "status", status: 500 };
    if (chunk) calls.chunk++;
    else calls.doc++;
    return { kind: "text", text: proxAnswer(messages) };
  });
  endpointId = createEndpoint({ name: "prox", kind: "openai", baseUrl: server.url, model: "gair-prox/web-chunk-refining-lm", concurrency: 8, timeoutMs: 5000 }).id;
}, 60_000);

afterAll(async () => {
  await server?.close();
});

describe("refine run with the refining LM", () => {
  it("sends both ProX stages, executes the answers with the rules, and counts LM usage", async () => {
    const { runId } = startRefine({ corpusId, lm: { endpointId, stage: "both", chunkTokens: 200 }, rules: [{ id: "normalize_whitespace" }] });
    await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
    const run = getRunOrThrow(runId);
    expect(run.error).toBeNull();
    expect(run.status).toBe("succeeded");
    expect([...maxTokens.doc]).toEqual([2000]);
    expect([...maxTokens.chunk]).toEqual([256]);

    const { parent } = refineSetsOfRun(runId);
    const programs = await queryRows<Record<string, unknown>>(
      `SELECT * FROM read_parquet([${attributeTables(parent!).programs.map((f) => `'${dataPath(f)}'`).join(",")}]) ORDER BY id`,
    );
    const byId = new Map(programs.map((p) => [String(p.id), p]));
    for (const d of docs) {
      const p = byId.get(d.id)!;
      if (d.text.includes("BADREQUEST")) {
        // Its request failed for good: unchanged, with the error recorded and no program.
        expect(p).toMatchObject({ "refine.dropped": false, "refine.applied": false, "refine.changed": false, "refine.program": "" });
        expect(String(p["refine.error"])).toMatch(/refining LM request failed \(http_4xx\)/);
      } else if (d.text.includes("DROPME")) {
        expect(p).toMatchObject({ "refine.dropped": true, "refine.dropped_by": "lm", "refine.program": "drop_doc()", "refine.origins": "lm:1" });
      } else if (d.text.includes("GARBAGE")) {
        // Two bad lines from the chunk model: the program is ignored (ProX error_op = 2).
        expect(p).toMatchObject({ "refine.dropped": false, "refine.applied": false, "refine.changed": false });
        expect(Number(p["refine.n_errors"])).toBe(2);
      } else {
        const noise = d.text.split("\n").filter((l) => l.startsWith("NOISE")).length;
        expect(p).toMatchObject({ "refine.dropped": false, "refine.applied": true, "refine.changed": noise > 0 });
        expect(Number(p["refine.lines_removed"])).toBe(noise);
        expect(String(p["refine.program"]).startsWith("keep_doc()")).toBe(true);
        expect(String(p["refine.origins"])).toMatch(/^lm:\d+$/);
      }
    }

    const out = await queryRows<{ id: string; text: string }>(
      `SELECT id, text FROM read_parquet([${listShards(run.outputVersionId!).map((s) => `'${dataPath(s.path)}'`).join(",")}])`,
    );
    expect(out.map((r) => r.id)).toEqual(docs.filter((d) => !d.text.includes("DROPME")).map((d) => d.id));
    for (const r of out) {
      const d = docs.find((x) => x.id === r.id)!;
      expect(r.text).toBe(d.text.includes("GARBAGE") || d.text.includes("BADREQUEST") ? d.text : d.text.split("\n").filter((l) => !l.startsWith("NOISE")).join("\n"));
    }

    const summary = JSON.parse(run.summaryJson).refine;
    expect(summary.lmStage).toBe("both");
    // Answered requests only (the 400 and the failed first FLAKY attempt are not counted).
    expect(summary.lm.requests).toBe(calls.doc + calls.chunk);
    expect(summary.lm.failed).toBe(1);
    expect(calls.doc).toBe(docs.length - 1);
    // Long documents were split into several chunks; dropped ones got no chunk request.
    expect(calls.chunk).toBeGreaterThan(docs.length - docs.filter((d) => d.text.includes("DROPME")).length);
    expect(summary.bySource.lm.dropped).toBe(docs.filter((d) => d.text.includes("DROPME")).length);
    expect(summary.totals.rejected).toBe(2);

    // A re-run asks nothing again that was answered: every answer comes from the response cache.
    const before = { doc: calls.doc, chunk: calls.chunk };
    const again = startRefine({ corpusId, versionId: run.inputVersionId!, lm: { endpointId, stage: "both", chunkTokens: 200 }, rules: [{ id: "normalize_whitespace" }] });
    await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
    expect(getRunOrThrow(again.runId).status).toBe("succeeded");
    expect(calls).toEqual(before);
    expect(JSON.parse(getRunOrThrow(again.runId).summaryJson).refine.lm).toMatchObject({ requests: 0, cacheHits: calls.doc + calls.chunk, tokensIn: 0, failed: 1 });
  }, 60_000);
});
