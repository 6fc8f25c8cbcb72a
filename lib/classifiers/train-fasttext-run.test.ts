import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAnnotate } from "@/lib/annotate/start-annotate";
import { startTrainFastText } from "@/lib/classifiers/start-train-fasttext";
import type { TClassifierSummary } from "@/lib/classifiers/train-fasttext-run";
import { buildDocumentRelation } from "@/lib/corpora/document-relation";
import { getReadyVersionOrThrow } from "@/lib/corpora/versions";
import { queryRows } from "@/lib/duckdb/instance";
import { buildDemoCorpus } from "@/lib/demo/build-demo-corpus";
import { startIngest } from "@/lib/ingest/start-ingest";
import { rocAuc } from "@/lib/metrics/roc-auc";
import { getModelOrThrow, listModels, modelFilePath } from "@/lib/models/models";
import { getRunOrThrow } from "@/lib/runs/get-run";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { closeDb } from "@/lib/db/client";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

let corpusId = "";
let dir = "";
const ham = [{ op: "eq" as const, column: "label", value: "ham" }];
const spam = [{ op: "eq" as const, column: "label", value: "spam" }];

beforeAll(async () => {
  dir = useTempDataDir("classifier");
  const file = path.join(dir, "demo.jsonl");
  await buildDemoCorpus(file);
  corpusId = startIngest({ name: "demo", source: { kind: "path", path: file } }, { trusted: true }).corpusId;
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
}, 180_000);

afterAll(() => {
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("train_fasttext on the demo corpus", () => {
  it("separates ham from spam on held-out mails (ROC AUC ≥ 0.95) and applies the model to every document", async () => {
    // Half the mails are held out; the model never sees their labels. DCLM's defaults (5 epochs,
    // made for 200k examples) underfit 3k mails (held-out AUC 0.958 when measured); 25 epochs fit them.
    const { runId } = startTrainFastText({
      corpusId,
      name: "Ham vs spam",
      positive: { label: "ham", filters: ham },
      negative: { label: "spam", filters: spam },
      heldOutFraction: 0.5,
      seed: 7,
      params: { bucket: 200_000, dim: 50, epoch: 25 },
      applyToCorpus: true,
    });
    await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
    const run = getRunOrThrow(runId);
    expect(run.error).toBeNull();
    expect(run.status).toBe("succeeded");
    const s = JSON.parse(run.summaryJson) as TClassifierSummary;
    expect(s.heldOut.positive).toBeGreaterThan(1000);
    expect(s.heldOut.negative).toBeGreaterThan(400);
    // The split is md5(id, seed) < 0.5: about half of each class.
    expect(Math.abs(s.heldOut.docs - s.train.docs) / (s.heldOut.docs + s.train.docs)).toBeLessThan(0.05);
    expect(s.heldOut.rocAuc).toBeGreaterThanOrEqual(0.95);
    expect(s.heldOut.accuracy).toBeGreaterThan(0.95);
    expect(run.itemsDone).toBe(s.train.docs + s.heldOut.docs);

    const model = getModelOrThrow(s.modelId);
    expect(model.status).toBe("ready");
    expect(fs.existsSync(modelFilePath(model))).toBe(true);
    expect(JSON.parse(model.metricsJson).heldOut.rocAuc).toBe(s.heldOut.rocAuc);
    expect(listModels({ kind: "fasttext", status: "ready" }).map((m) => m.id)).toContain(model.id);
    expect(fs.readdirSync(path.dirname(modelFilePath(model)))).toEqual(["model.bin"]);

    // The chained annotation run wrote P(ham) for every document, ham above spam.
    const annotate = getRunOrThrow(s.annotateRunId!);
    expect(annotate.status).toBe("succeeded");
    const rel = buildDocumentRelation(getReadyVersionOrThrow(corpusId));
    const prob = rel.byName.get("fasttext.ham_vs_spam_prob")!;
    const rows = await queryRows<{ label: string | null; p: number | null }>(`SELECT d.label AS label, ${prob.expr} AS p FROM ${rel.from}`);
    expect(rows.every((r) => r.p !== null && r.p >= 0 && r.p <= 1)).toBe(true);
    const mails = rows.filter((r) => r.label !== null);
    expect(mails.length).toBe(s.train.docs + s.heldOut.docs);
    expect(rocAuc(mails.map((r) => r.p!), mails.map((r) => r.label === "ham"))).toBeGreaterThan(0.95);
  }, 300_000);

  it("rejects bad sets before queueing and fails clearly when a set is empty", async () => {
    expect(() => startTrainFastText({ corpusId, positive: { label: "a", filters: [{ op: "eq", column: "nope", value: 1 }] }, negative: { label: "b", filters: spam } })).toThrow(/Unknown column "nope"/);
    expect(() => startTrainFastText({ corpusId, positive: { label: "a", filters: [] }, negative: { label: "b", filters: spam } })).toThrow(/at least one filter/);
    expect(() => startTrainFastText({ corpusId, positive: { label: "x", filters: ham }, negative: { label: "x", filters: spam } })).toThrow(/must differ/);
    const { runId } = startTrainFastText({ corpusId, positive: { label: "none", filters: [{ op: "eq", column: "label", value: "no-such-label" }] }, negative: { label: "spam", filters: spam }, params: { bucket: 1000 } });
    await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
    const run = getRunOrThrow(runId);
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/Both sets need training documents: none has 0/);
    expect(listModels({ kind: "fasttext" }).find((m) => m.runId === runId)?.status).toBe("failed");
  }, 120_000);

  it("the fasttext annotator refuses a missing model or label before the run is queued", () => {
    expect(() => startAnnotate({ corpusId, annotators: [{ id: "fasttext" }] })).toThrow(/Choose a fastText model/);
    expect(() => startAnnotate({ corpusId, annotators: [{ id: "fasttext", config: { model: "mdl_doesnotexist" } }] })).toThrow(/not found/);
    const model = listModels({ kind: "fasttext", status: "ready" })[0];
    expect(() => startAnnotate({ corpusId, annotators: [{ id: "fasttext", config: { model: model.id, positive_label: "hq" } }] })).toThrow(/no label "__label__hq". Its labels: ham, spam/);
  });
});
