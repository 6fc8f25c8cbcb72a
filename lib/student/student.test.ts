import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attributeTables, createAttributeSet, getAttributeSetByRun, markAttributeSetReady } from "@/lib/annotate/attribute-sets";
import { getAnnotatorOrThrow } from "@/lib/annotators";
import { dataPath } from "@/lib/corpora/paths";
import { getReadyVersionOrThrow } from "@/lib/corpora/versions";
import { queryRows, toNumber } from "@/lib/duckdb/instance";
import { writeRowsToParquet } from "@/lib/duckdb/write-parquet";
import { brownDocs } from "@/lib/demo/brown";
import { spamAssassinDocs } from "@/lib/demo/spam-assassin";
import { startIngest } from "@/lib/ingest/start-ingest";
import { getModelOrThrow } from "@/lib/models/models";
import { getRunOrThrow } from "@/lib/runs/get-run";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { mulberry32 } from "@/lib/student/prng";
import { startTrainStudent } from "@/lib/student/start-train-student";
import type { TCategoryMetrics, TScoreMetrics, TStudentSummary } from "@/lib/student/train-student";
import { closeDb } from "@/lib/db/client";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

/**
 * Fixture ratings standing in for an LLM rater: a deterministic, learnable function of the words
 * plus noise. overall_score rises with prose function words and falls with sales words; coherence
 * rises with connectives and falls with digits; domain follows the source with 10% of labels
 * replaced at random.
 * 30% of documents are left unrated (null), as in the rater's sample mode.
 */
const GOOD = new Set(["the", "of", "and", "which", "that", "was", "his", "her", "had", "would", "been", "were", "upon", "its"]);
const BAD = new Set(["free", "click", "money", "offer", "http", "www", "email", "remove", "order", "business", "mail", "list", "com", "receive"]);
const CONNECTIVES = new Set(["however", "therefore", "because", "although", "thus", "since", "while", "then", "but", "so", "when", "if"]);
const DOMAINS = ["news", "fiction", "academic", "other", "email"];

const domainOf = (d: Record<string, unknown>): string => {
  if (d.source === "spamassassin") return "email";
  const g = String(d.genre);
  if (g.startsWith("press")) return "news";
  if (g.startsWith("fiction")) return "fiction";
  if (g === "learned" || g.startsWith("miscellaneous")) return "academic";
  return "other";
};

const quintile = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const cut = [1, 2, 3, 4].map((k) => s[Math.floor((k * s.length) / 5)]);
  return (x: number) => 1 + cut.filter((c) => x >= c).length;
};

const fixtureRatings = (docs: Record<string, unknown>[]) => {
  const rnd = mulberry32(12345);
  const feats = docs.map((d) => {
    const words = String(d.text).toLowerCase().match(/[a-z]+/g) ?? [];
    const n = Math.max(1, words.length);
    const good = words.filter((w) => GOOD.has(w)).length / n;
    const bad = words.filter((w) => BAD.has(w)).length / n;
    const connectives = words.filter((w) => CONNECTIVES.has(w)).length / n;
    const digits = (String(d.text).match(/\d+/g) ?? []).length / n;
    const noise = () => (rnd() + rnd() + rnd() - 1.5) * 0.6;
    return { z1: 10 * (good - 2 * bad) + noise(), z2: 20 * connectives - 5 * digits + noise(), rated: rnd() < 0.7, flip: rnd() < 0.1, other: DOMAINS[Math.floor(rnd() * DOMAINS.length)] };
  });
  const q1 = quintile(feats.map((f) => f.z1));
  const q2 = quintile(feats.map((f) => f.z2));
  return docs.map((d, i) => {
    const f = feats[i];
    if (!f.rated) return { id: d.id, "fixture.overall_score": null, "fixture.coherence": null, "fixture.domain": null, "fixture.rated": false };
    return { id: d.id, "fixture.overall_score": q1(f.z1), "fixture.coherence": q2(f.z2), "fixture.domain": f.flip ? f.other : domainOf(d), "fixture.rated": true };
  });
};

let corpusId = "";
let setId = "";
let nDocs = 0;
let dir = "";

beforeAll(async () => {
  process.env.WINNOW_SHARD_DOCS = "600";
  dir = useTempDataDir("student");
  const docs: Record<string, unknown>[] = [...brownDocs("paragraphs"), ...spamAssassinDocs().filter((_, i) => i % 4 === 0)];
  nDocs = docs.length;
  const file = path.join(dir, "docs.jsonl");
  fs.writeFileSync(file, docs.map((d) => JSON.stringify({ id: d.id, text: d.text, source: d.source, genre: d.genre ?? null })).join("\n"));
  corpusId = startIngest({ name: "student-fixture", source: { kind: "path", path: file } }, { trusted: true }).corpusId;
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
  const version = getReadyVersionOrThrow(corpusId);
  const columns = [
    { name: "fixture.overall_score", type: "BIGINT" as const, description: "fixture rating 1–5" },
    { name: "fixture.coherence", type: "BIGINT" as const, description: "fixture rating 1–5" },
    { name: "fixture.domain", type: "VARCHAR" as const, description: "fixture domain" },
    { name: "fixture.rated", type: "BOOLEAN" as const, description: "rated" },
  ];
  const set = createAttributeSet({ corpusVersionId: version.id, runId: "run_fixture", name: "fixture ratings", annotators: [], columns: columns.map((c) => ({ ...c, table: "ratings" })) });
  fs.mkdirSync(dataPath(path.join(set.path, "ratings")), { recursive: true });
  const rel = path.join(set.path, "ratings", "part-00000.parquet");
  await writeRowsToParquet(dataPath(rel), [{ name: "id", type: "VARCHAR" }, ...columns], fixtureRatings(docs));
  markAttributeSetReady(set.id, { ratings: [rel] }, nDocs);
  setId = set.id;
}, 120_000);

afterAll(() => {
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("train_student", () => {
  it("learns the fixture ratings well above chance with both learners, keeps the better per target, and predicts every document", async () => {
    const { runId } = startTrainStudent({
      corpusId,
      attributeSetId: setId,
      scoreTargets: ["fixture.overall_score", "fixture.coherence"],
      categoryTarget: "fixture.domain",
      fasttext: { bucket: 1 << 16, dim: 32 },
      linear: { bits: 18 },
    });
    await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
    const run = getRunOrThrow(runId);
    expect(run.error).toBeNull();
    expect(run.status).toBe("succeeded");
    expect(run.itemsDone).toBe(nDocs);
    const s = JSON.parse(run.summaryJson) as TStudentSummary & { attributeSetId: string };
    // About 70% rated, 20% of those held out.
    expect(s.ratedDocs).toBeGreaterThan(nDocs * 0.6);
    expect(s.ratedDocs).toBeLessThan(nDocs * 0.8);
    expect(s.heldOutDocs / s.ratedDocs).toBeGreaterThan(0.15);
    expect(s.heldOutDocs / s.ratedDocs).toBeLessThan(0.25);
    expect(s.trainDocs + s.heldOutDocs).toBe(s.ratedDocs);
    expect(Object.keys(s.learners).sort()).toEqual(["fasttext", "linear"]);

    const [overall, coherence, domain] = s.targets;
    expect(overall.output).toBe("student.overall_score");
    expect(domain.output).toBe("student.domain");
    for (const t of [overall, coherence]) {
      const ft = t.fasttext as TScoreMetrics;
      const lin = t.linear as TScoreMetrics;
      // Chance is 0; both learners find the signal.
      expect(ft.spearman, `${t.column} fastText`).toBeGreaterThan(0.4);
      expect(lin.spearman, `${t.column} linear`).toBeGreaterThan(0.4);
      expect(ft.mae).toBeLessThan(1.2);
      expect(lin.mae).toBeLessThan(1.2);
      expect(t.chosen).toBe(ft.spearman! > lin.spearman! || (ft.spearman === lin.spearman && ft.mae! <= lin.mae!) ? "fasttext" : "linear");
      expect(t.heldOut).toBe(s.heldOutDocs);
    }
    const dft = domain.fasttext as TCategoryMetrics;
    const dlin = domain.linear as TCategoryMetrics;
    // 10% of domain labels are noise; the majority class is about half the documents.
    expect(Math.max(dft.accuracy!, dlin.accuracy!)).toBeGreaterThan(0.75);
    expect(Math.max(dft.macroF1!, dlin.macroF1!)).toBeGreaterThan(0.5);
    expect(domain.chosen).toBe(dft.macroF1! > dlin.macroF1! || (dft.macroF1 === dlin.macroF1 && dft.accuracy! >= dlin.accuracy!) ? "fasttext" : "linear");

    const model = getModelOrThrow(s.modelId);
    expect(model.kind).toBe("student");
    expect(model.status).toBe("ready");
    expect(JSON.parse(model.metricsJson).targets).toHaveLength(3);

    // The new attribute set: one row per document, scores within the rating range.
    const set = getAttributeSetByRun(runId)!;
    expect(set.id).toBe(s.attributeSetId);
    expect(set.status).toBe("ready");
    const files = attributeTables(set).student.map((f) => `'${dataPath(f)}'`).join(",");
    const [agg] = await queryRows<Record<string, unknown>>(
      `SELECT count(*) AS n, count(DISTINCT id) AS ids, min("student.overall_score") AS lo, max("student.overall_score") AS hi,
              count("student.coherence") AS nc, min("student.domain_prob") AS plo, max("student.domain_prob") AS phi,
              list(DISTINCT "student.domain") AS domains FROM read_parquet([${files}])`,
    );
    expect(toNumber(agg.n)).toBe(nDocs);
    expect(toNumber(agg.ids)).toBe(nDocs);
    expect(toNumber(agg.nc)).toBe(nDocs);
    expect(Number(agg.lo)).toBeGreaterThanOrEqual(1);
    expect(Number(agg.hi)).toBeLessThanOrEqual(5);
    expect(Number(agg.plo)).toBeGreaterThan(0);
    expect(Number(agg.phi)).toBeLessThanOrEqual(1);
    for (const d of agg.domains as string[]) expect(DOMAINS).toContain(d);

    // The student annotator applies the same model the same way.
    const [first] = await queryRows<Record<string, unknown>>(`SELECT * FROM read_parquet([${files}]) ORDER BY id LIMIT 1`);
    const [doc] = await queryRows<{ text: string }>(`SELECT text FROM read_parquet('${dataPath(getReadyVersionOrThrow(corpusId).path)}/*.parquet') WHERE id = $1`, [String(first.id)]);
    const viaAnnotator = (await getAnnotatorOrThrow("student").annotate([{ id: String(first.id), text: doc.text }], { model: model.id }))[0];
    for (const [k, v] of Object.entries(viaAnnotator)) expect(first[k], k).toBe(v);
  }, 300_000);

  it("rejects unknown, non-numeric or missing targets before queueing", () => {
    expect(() => startTrainStudent({ corpusId, attributeSetId: setId, scoreTargets: ["fixture.nope"] })).toThrow(/no column "fixture.nope"/);
    expect(() => startTrainStudent({ corpusId, attributeSetId: setId, scoreTargets: ["fixture.domain"] })).toThrow(/a score target must be numeric/);
    expect(() => startTrainStudent({ corpusId, attributeSetId: setId, categoryTarget: "fixture.overall_score" })).toThrow(/must be VARCHAR or BOOLEAN/);
    expect(() => startTrainStudent({ corpusId, attributeSetId: setId })).toThrow(/at least one target/);
    expect(() => startTrainStudent({ corpusId, attributeSetId: "att_nope", scoreTargets: ["fixture.overall_score"] })).toThrow(/not found/);
    expect(() => startTrainStudent({ corpusId, attributeSetId: setId, scoreTargets: ["fixture.overall_score"], learners: { fasttext: false, linear: false } })).toThrow(/at least one learner/);
  });
});
