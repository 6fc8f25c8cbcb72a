import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { getAttributeSetByRun } from "@/lib/annotate/attribute-sets";
import { startAnnotate } from "@/lib/annotate/start-annotate";
import { buildDocumentRelation } from "@/lib/corpora/document-relation";
import { getReadyVersionOrThrow } from "@/lib/corpora/versions";
import { queryRows } from "@/lib/duckdb/instance";
import { brownDocs } from "@/lib/demo/brown";
import { spamAssassinDocs } from "@/lib/demo/spam-assassin";
import { startIngest } from "@/lib/ingest/start-ingest";
import { getReadyModelOrThrow, modelFilePath } from "@/lib/models/models";
import { readArpa } from "@/lib/ngram/arpa";
import { startTrainNgram } from "@/lib/ngram/start-train";
import type { TNgramTrainMetrics } from "@/lib/ngram/train-run";
import { getRunOrThrow } from "@/lib/runs/get-run";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

let corpusId = "";
let dir = "";
const NON_FICTION = ["press: reportage", "press: editorial", "press: reviews", "religion", "skill and hobbies", "popular lore", "belles-lettres", "miscellaneous: government & house organs", "learned"];

const runToEnd = async (runId: string) => {
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
  return getRunOrThrow(runId);
};

/** Perplexity, bucket and metadata of every document, via the corpus's documents relation. */
const scores = async () => {
  const rel = buildDocumentRelation(getReadyVersionOrThrow(corpusId));
  const col = (n: string) => rel.byName.get(n)!.expr;
  return queryRows<{ id: string; source: string; genre: string | null; label: string | null; ppl: number | null; bucket: string | null; n: bigint | null }>(
    `SELECT d.id, d.source, ${col("genre")} AS genre, ${col("label")} AS label, ${col("perplexity.ppl")} AS ppl, ${col("perplexity.bucket")} AS bucket, ${col("perplexity.n_tokens")} AS n FROM ${rel.from} ORDER BY d.id`,
  );
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** numpy's default (linear) percentile, computed here independently of DuckDB. */
const percentile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
};

beforeAll(async () => {
  process.env.WINNOW_SHARD_DOCS = "250";
  dir = useTempDataDir("ngram-runs");
  const spam = spamAssassinDocs();
  const mails = [...spam.filter((d) => d.label === "spam").slice(0, 250), ...spam.filter((d) => d.label === "ham").slice(0, 100)];
  const rows = [...brownDocs("paragraphs"), ...mails];
  const file = path.join(dir, "corpus.jsonl");
  fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n"));
  corpusId = startIngest({ name: "brown+mail", source: { kind: "path", path: file } }, { trusted: true }).corpusId;
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
}, 120_000);

describe("train_ngram and perplexity runs", () => {
  let modelId = "";

  it("trains a 5-gram model on Brown's non-fiction genres, with counts and held-out perplexity", async () => {
    const started = await startTrainNgram({ corpusId, name: "brown non-fiction", filters: [{ op: "in", column: "genre", values: NON_FICTION }] });
    modelId = started.modelId;
    expect(started.referenceDocs).toBe(brownDocs().filter((d) => NON_FICTION.includes(String(d.genre))).length);
    const run = await runToEnd(started.runId);
    expect(run.status, run.error ?? "").toBe("succeeded");
    const summary = JSON.parse(run.summaryJson) as { modelId: string; ngram: TNgramTrainMetrics };
    expect(summary.modelId).toBe(modelId);
    const m = summary.ngram;
    expect(m.order).toBe(5);
    expect(m.trainDocs + m.heldout.docs).toBe(started.referenceDocs);
    expect(m.heldout.docs).toBeGreaterThan(10);
    expect(m.ngrams).toHaveLength(5);
    expect(m.ngrams.every((n) => n > 1000)).toBe(true);
    expect(m.discountFallback).toEqual([]);
    expect(m.tokens).toBeGreaterThan(500_000);
    expect(m.heldout.perplexity).toBeGreaterThan(50);
    expect(m.heldout.perplexity).toBeLessThan(5000);
    // The model row is ready, its ARPA file has the counts of the summary and loads back.
    const row = getReadyModelOrThrow(modelId, "ngram");
    expect(JSON.parse(row.metricsJson).ngrams).toEqual(m.ngrams);
    const { model } = await readArpa(modelFilePath(row));
    expect(model.tables.map((t) => t.size)).toEqual(m.ngrams);
  }, 180_000);

  it("annotates perplexity: Brown prose scores far below spam, buckets cut at the corpus tertiles", async () => {
    const { runId } = startAnnotate({ corpusId, annotators: [{ id: "perplexity", config: { model_id: modelId } }] });
    const run = await runToEnd(runId);
    expect(run.status, run.error ?? "").toBe("succeeded");
    const rows = await scores();
    const heldoutPpl = (JSON.parse(getReadyModelOrThrow(modelId, "ngram").metricsJson) as TNgramTrainMetrics).heldout.perplexity!;
    const fiction = rows.filter((r) => r.source === "brown" && !NON_FICTION.includes(String(r.genre))).map((r) => r.ppl!);
    const spam = rows.filter((r) => r.label === "spam").map((r) => r.ppl!);
    expect(fiction.length).toBeGreaterThan(100);
    // Unseen Brown genres and the held-out slice both score far lower perplexity than spam …
    expect(median(fiction) * 3).toBeLessThan(median(spam));
    expect(heldoutPpl * 3).toBeLessThan(median(spam));
    // … and the separation holds document by document (pairwise ordering, i.e. ROC AUC).
    let wins = 0;
    for (const f of fiction) for (const s of spam) wins += f < s ? 1 : 0;
    expect(wins / (fiction.length * spam.length)).toBeGreaterThan(0.95);

    // Buckets: CCNet's cut at the 33rd and 66th percentiles of the whole corpus.
    const scored = rows.filter((r) => r.ppl !== null);
    const p33 = percentile(scored.map((r) => r.ppl!), 0.33);
    const p66 = percentile(scored.map((r) => r.ppl!), 0.66);
    for (const r of scored) expect(r.bucket, `${r.id} ${r.ppl}`).toBe(r.ppl! < p33 ? "head" : r.ppl! < p66 ? "middle" : "tail");
    const share = (b: string) => scored.filter((r) => r.bucket === b).length / scored.length;
    expect(share("head")).toBeCloseTo(0.33, 1);
    expect(share("tail")).toBeCloseTo(0.34, 1);
    expect(scored.length).toBe(rows.length);
    const set = getAttributeSetByRun(runId)!;
    expect(JSON.parse(set.columnsJson).map((c: { name: string }) => c.name)).toEqual(["perplexity.ppl", "perplexity.log10_prob", "perplexity.n_tokens", "perplexity.bucket"]);
  }, 180_000);

  it("loads the same model from its ARPA path and applies fixed cutoffs", async () => {
    const before = new Map((await scores()).map((r) => [r.id, r.ppl]));
    const file = modelFilePath(getReadyModelOrThrow(modelId, "ngram"));
    const { runId } = startAnnotate({ corpusId, annotators: [{ id: "perplexity", config: { arpa_path: file, head_below: 300, tail_above: 1000 } }] });
    const run = await runToEnd(runId);
    expect(run.status, run.error ?? "").toBe("succeeded");
    const rows = await scores(); // the newest attribute set's columns win
    for (const r of rows) {
      expect(r.ppl).toBe(before.get(r.id));
      if (r.ppl !== null) expect(r.bucket).toBe(r.ppl < 300 ? "head" : r.ppl < 1000 ? "middle" : "tail");
    }
  }, 180_000);

  it("refuses bad model choices and reference sets before any run is created", async () => {
    const annotate = (config: Record<string, unknown>) => () => startAnnotate({ corpusId, annotators: [{ id: "perplexity", config }] });
    expect(annotate({})).toThrow(/choose a trained n-gram model \(model_id\) or an ARPA file/);
    expect(annotate({ model_id: "mdl_nope" })).toThrow(/Model mdl_nope not found/);
    expect(annotate({ model_id: modelId, arpa_path: "/tmp/x.arpa" })).toThrow(/not both/);
    expect(annotate({ arpa_path: path.join(dir, "missing.arpa") })).toThrow(/No such file/);
    expect(annotate({ arpa_path: "/etc/hostname" })).toThrow(/outside the allowed data roots/);
    expect(annotate({ model_id: modelId, head_below: 10 })).toThrow(/set both head_below and tail_above/);
    await expect(startTrainNgram({ corpusId, filters: [{ op: "eq", column: "nope", value: 1 }] })).rejects.toThrow(/Unknown column "nope"/);
    await expect(startTrainNgram({ corpusId, filters: [{ op: "eq", column: "genre", value: "poetry" }] })).rejects.toThrow(/No document matches/);
    await expect(startTrainNgram({ corpusId, prune: [0, 2, 1] })).rejects.toThrow(/must not decrease/);
  });
});
