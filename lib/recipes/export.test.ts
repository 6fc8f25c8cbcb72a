import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { decompress } from "fzstd";
import { spamAssassinDocs } from "@/lib/demo/spam-assassin";
import { startIngest } from "@/lib/ingest/start-ingest";
import { exportDir } from "@/lib/recipes/export-run";
import { createRun } from "@/lib/runs/create-run";
import { getRunOrThrow } from "@/lib/runs/get-run";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { sha256File } from "@/lib/recipes/export";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

let corpusId = "";
const mails = spamAssassinDocs().filter((_, i) => i % 20 === 0);

beforeAll(async () => {
  const dir = useTempDataDir("export");
  const file = path.join(dir, "mail.jsonl");
  fs.writeFileSync(file, mails.map((m) => JSON.stringify({ id: m.id, text: m.text, source: m.label, subset: m.subset })).join("\n"));
  corpusId = startIngest({ name: "mail", source: { kind: "path", path: file } }, { trusted: true }).corpusId;
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
});

const runExport = async (recipe: object) => {
  const run = createRun("export", { recipe });
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
  const done = getRunOrThrow(run.id);
  expect(done.status, done.error ?? "").toBe("succeeded");
  return exportDir(run.id);
};

describe("export", () => {
  it("writes the selected documents in the target mix, byte-identical for the same recipe and seed", async () => {
    const recipe = { corpusId, sampling: { method: "uniform" }, mix: { column: "source", targets: { ham: 0.5, spam: 0.5 } }, budget: { unit: "docs", value: 100 }, seed: 3, output: { format: "jsonl.zst", shardDocs: 40 } };
    const a = await runExport(recipe);
    const b = await runExport(recipe);
    const manifest = JSON.parse(fs.readFileSync(path.join(a, "manifest.json"), "utf8"));
    expect(manifest.output.files.map((f: { file: string }) => f.file)).toEqual(["part-00000.jsonl.zst", "part-00001.jsonl.zst", "part-00002.jsonl.zst"]);
    for (const f of manifest.output.files) {
      expect(sha256File(path.join(b, f.file))).toBe(f.sha256);
      expect(sha256File(path.join(a, f.file))).toBe(f.sha256);
    }
    const rows = manifest.output.files.flatMap((f: { file: string }) =>
      Buffer.from(decompress(fs.readFileSync(path.join(a, f.file)))).toString("utf8").trim().split("\n").map((l) => JSON.parse(l)),
    );
    expect(rows).toHaveLength(100);
    expect(rows.filter((r: { source: string }) => r.source === "spam")).toHaveLength(50);
    expect(new Set(rows.map((r: { id: string }) => r.id)).size).toBe(100);
    const original = new Map(mails.map((m) => [m.id, m.text]));
    for (const r of rows) expect(r.text).toBe(original.get(r.id));
    expect(manifest.input.shards[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.selection.totals.selectedDocs).toBe(100);
  });

  it("repeats documents up to maxEpochs and changes with the seed", async () => {
    const spam = mails.filter((m) => m.label === "spam").length;
    const dir = await runExport({ corpusId, filters: [{ op: "in", column: "source", values: ["spam"] }], sampling: { method: "uniform" }, budget: { unit: "docs", value: spam * 2 }, maxEpochs: 2, output: { format: "parquet" } });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
    expect(manifest.output.files[0].docs).toBe(spam * 2);
    expect(manifest.selection.groups[0].epochs).toBeCloseTo(2);
    const other = await runExport({ corpusId, sampling: { method: "uniform" }, budget: { unit: "docs", value: 30 }, seed: 1 });
    const other2 = await runExport({ corpusId, sampling: { method: "uniform" }, budget: { unit: "docs", value: 30 }, seed: 2 });
    expect(sha256File(path.join(other, "part-00000.jsonl.zst"))).not.toBe(sha256File(path.join(other2, "part-00000.jsonl.zst")));
  });
});
