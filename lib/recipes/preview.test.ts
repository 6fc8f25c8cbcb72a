import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { brownDocs } from "@/lib/demo/brown";
import { startIngest } from "@/lib/ingest/start-ingest";
import { INDEX_POS } from "@/lib/corpora/document-index";
import { withCompiledRecipe } from "@/lib/recipes/compile";
import { previewRecipe } from "@/lib/recipes/preview";
import { effectiveTokens } from "@/lib/recipes/scaling";
import { ZRecipeSchema } from "@/lib/recipes/schema";
import { queryRows } from "@/lib/duckdb/instance";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

let corpusId = "";
let tinyId = "";
const docs = brownDocs().slice(0, 200).map((d, i) => ({ id: d.id, text: d.text, source: i < 150 ? "big" : "small", q: (i * 7919) % 101 }));

const ingest = async (name: string, rows: object[], dir: string) => {
  const file = path.join(dir, `${name}.jsonl`);
  fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n"));
  const { corpusId: id } = startIngest({ name, source: { kind: "path", path: file } }, { trusted: true });
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
  return id;
};

beforeAll(async () => {
  const dir = useTempDataDir("recipes");
  corpusId = await ingest("brown", docs, dir);
  tinyId = await ingest("tiny", [0, 1, 2, 3].map((s) => ({ id: `s${s}`, text: `A document whose score is ${s}.`, q: s })), dir);
});

const selectedIds = async (recipe: object) => {
  const rows = await withCompiledRecipe(ZRecipeSchema.parse(recipe), {}, (c) =>
    queryRows<{ id: string; reps: number }>(
      `SELECT ${c.indexed.byName.get("id")!.expr} AS id, s.reps FROM (${c.sql}) AS s JOIN ${c.indexTable} AS d ON d.${INDEX_POS} = s.rid WHERE s.reps > 0 ORDER BY id`,
      c.params,
    ),
  );
  return rows.map((r) => `${r.id}×${r.reps}`);
};

describe("recipes", () => {
  it("top-k by score takes the best documents within a document budget", async () => {
    const r = await previewRecipe({ corpusId, score: { terms: [{ column: "q", normalize: "none" }] }, budget: { unit: "docs", value: 10 } });
    const best = [...docs].sort((a, b) => b.q - a.q || a.id.localeCompare(b.id)).slice(0, 10);
    expect(r.totals.selectedDocs).toBe(10);
    expect(new Set(r.selectedSamples.map((s) => s.id))).toEqual(new Set(best.map((d) => d.id)));
    expect(Math.max(...r.belowSamples.map((s) => s.score))).toBeLessThanOrEqual(Math.min(...r.selectedSamples.map((s) => s.score)));
    // Distribution of the score column: the whole corpus vs the 10 selected documents (all in the top bins).
    const h = r.histograms.find((x) => x.column === "q")!;
    expect(h.bins.reduce((a, b) => a + b.before, 0)).toBe(docs.length);
    expect(h.bins.reduce((a, b) => a + b.after, 0)).toBe(10);
    expect(h.bins.slice(0, -2).reduce((a, b) => a + b.after, 0)).toBe(0);
  });

  it("is deterministic for a seed and changes with the seed (uniform)", async () => {
    const recipe = { corpusId, sampling: { method: "uniform" }, budget: { unit: "docs", value: 20 }, seed: 7 };
    expect(await selectedIds(recipe)).toEqual(await selectedIds(recipe));
    expect(await selectedIds({ ...recipe, seed: 8 })).not.toEqual(await selectedIds(recipe));
  });

  it("Gumbel top-k draws each document with probability softmax(score/τ)", async () => {
    const counts = new Map<string, number>();
    const trials = 1200;
    for (let seed = 0; seed < trials; seed++) {
      const [id] = await selectedIds({ corpusId: tinyId, score: { terms: [{ column: "q", normalize: "none" }] }, sampling: { method: "gumbel_top_k", temperature: 1 }, budget: { unit: "docs", value: 1 }, seed });
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const z = [0, 1, 2, 3].reduce((a, s) => a + Math.exp(s), 0);
    for (const s of [0, 1, 2, 3]) {
      const p = Math.exp(s) / z;
      const observed = (counts.get(`s${s}×1`) ?? 0) / trials;
      const sd = Math.sqrt((p * (1 - p)) / trials);
      expect(Math.abs(observed - p)).toBeLessThan(4 * sd);
    }
  }, 120_000);

  it("fills a mix by target shares, repeating a small group up to maxEpochs and warning beyond", async () => {
    const total = docs.reduce((a, d) => a + d.text.length / 4, 0);
    const small = docs.filter((d) => d.source === "small").reduce((a, d) => a + d.text.length / 4, 0);
    // Ask for half the tokens from "small", which holds a quarter: it needs 2× (at most 3 allowed).
    const r = await previewRecipe({ corpusId, mix: { column: "source", targets: { big: 1, small: 1 } }, budget: { unit: "tokens", value: total }, maxEpochs: 3 });
    const g = Object.fromEntries(r.groups.map((x) => [x.group, x]));
    expect(r.tokensEstimated).toBe(true);
    expect(g.small.targetTokens).toBeCloseTo(total / 2);
    expect(g.small.selectedTokens).toBeGreaterThanOrEqual(total / 2 - 1);
    expect(g.small.uniqueTokens).toBeCloseTo(small);
    expect(g.small.epochs).toBeGreaterThan(1.9);
    expect(g.small.effectiveTokens).toBeCloseTo(effectiveTokens(g.small.uniqueTokens, g.small.selectedTokens));
    expect(r.warnings).toEqual([]);
    const capped = await previewRecipe({ corpusId, mix: { column: "source", targets: { big: 1, small: 3 } }, budget: { unit: "tokens", value: total * 2 }, maxEpochs: 2 });
    expect(capped.warnings.join()).toMatch(/“small” cannot fill its quota/);
    const c = Object.fromEntries(capped.groups.map((x) => [x.group, x]));
    expect(c.small.selectedTokens).toBeCloseTo(2 * small, 0);
  });

  it("rejects unknown columns", async () => {
    await expect(previewRecipe({ corpusId, score: { terms: [{ column: "nope" }] } })).rejects.toThrow(/Unknown column "nope"/);
    await expect(previewRecipe({ corpusId, mix: { column: "nope", targets: { a: 1 } } })).rejects.toThrow(/Unknown column/);
  });
});
