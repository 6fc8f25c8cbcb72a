import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { attributeTables } from "@/lib/annotate/attribute-sets";
import { dataPath } from "@/lib/corpora/paths";
import { listShards } from "@/lib/corpora/versions";
import { queryRows } from "@/lib/duckdb/instance";
import { startIngest } from "@/lib/ingest/start-ingest";
import type { TChatFn } from "@/lib/refine/lm-source";
import { refineSetsOfRun } from "@/lib/refine/refine-run";
import { startRefine } from "@/lib/refine/start-refine";
import { getRunOrThrow } from "@/lib/runs/get-run";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

/**
 * The LM path of a refinement run, end to end, with a fake chat function behind the seam (the
 * real one is wired to lib/inference by the lead). The fake plays both ProX models: the document
 * model drops texts containing DROPME; the chunk model removes lines starting with NOISE, and
 * answers garbage for chunks containing GARBAGE.
 */
const calls = { doc: 0, chunk: 0, endpoints: [] as string[] };
const fakeChat: TChatFn = async (messages, opts) => {
  const user = messages[1].content;
  if (!user.startsWith("[doc]\n")) {
    calls.doc++;
    expect(opts.maxTokens).toBe(2000);
    return { text: user.includes("DROPME") ? "drop_doc()" : "keep_doc()", tokensIn: 10, tokensOut: 3 };
  }
  calls.chunk++;
  expect(opts.maxTokens).toBe(256);
  const lines = user.split("\n").slice(1, -1);
  if (lines.some((l) => l.includes("GARBAGE"))) return { text: "I think this chunk is fine.\nsummarize(all)", tokensIn: 10, tokensOut: 8 };
  const ops = lines.flatMap((l) => {
    const m = /^\[(\d+)\](.*)$/.exec(l)!;
    return m[2].startsWith("NOISE") ? [`remove_lines(line_start=${Number(m[1])}, line_end=${Number(m[1])})`] : [];
  });
  return { text: ops.length ? ops.join("\n") : "skip_chunk()", tokensIn: 10, tokensOut: 5 };
};

vi.mock("@/lib/refine/lm-endpoint", () => ({
  chatFnForEndpoint: (endpointId: string) => {
    calls.endpoints.push(endpointId);
    return fakeChat;
  },
}));

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
    docs.push({ id: `d${String(i).padStart(2, "0")}`, text: body.join("\n") });
  }
  const file = path.join(dir, "docs.jsonl");
  fs.writeFileSync(file, docs.map((d) => JSON.stringify(d)).join("\n"));
  corpusId = startIngest({ name: "lm", source: { kind: "path", path: file } }, { trusted: true }).corpusId;
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
}, 60_000);

describe("refine run with the refining LM", () => {
  it("sends both ProX stages, executes the answers with the rules, and counts LM usage", async () => {
    const { runId } = startRefine({ corpusId, lm: { endpointId: "ep_fake", stage: "both", chunkTokens: 200 }, rules: [{ id: "normalize_whitespace" }] });
    await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
    const run = getRunOrThrow(runId);
    expect(run.error).toBeNull();
    expect(run.status).toBe("succeeded");
    expect(calls.endpoints.every((e) => e === "ep_fake")).toBe(true);

    const { parent } = refineSetsOfRun(runId);
    const programs = await queryRows<Record<string, unknown>>(
      `SELECT * FROM read_parquet([${attributeTables(parent!).programs.map((f) => `'${dataPath(f)}'`).join(",")}]) ORDER BY id`,
    );
    const byId = new Map(programs.map((p) => [String(p.id), p]));
    for (const d of docs) {
      const p = byId.get(d.id)!;
      if (d.text.includes("DROPME")) {
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
      expect(r.text).toBe(d.text.includes("GARBAGE") ? d.text : d.text.split("\n").filter((l) => !l.startsWith("NOISE")).join("\n"));
    }

    const summary = JSON.parse(run.summaryJson).refine;
    expect(summary.lmStage).toBe("both");
    expect(summary.lm.requests).toBe(calls.doc + calls.chunk);
    expect(calls.doc).toBe(docs.length);
    // Long documents were split into several chunks; dropped ones got no chunk request.
    expect(calls.chunk).toBeGreaterThan(docs.length - docs.filter((d) => d.text.includes("DROPME")).length);
    expect(summary.bySource.lm.dropped).toBe(docs.filter((d) => d.text.includes("DROPME")).length);
    expect(summary.totals.rejected).toBe(1);
  }, 60_000);
});
