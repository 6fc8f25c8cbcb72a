import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/lib/duckdb/instance";
import { startIngest } from "@/lib/ingest/start-ingest";
import { INDEX_POS } from "@/lib/corpora/document-index";
import { withCompiledRecipe } from "@/lib/recipes/compile";
import { ZRecipeSchema, type TRecipeInput } from "@/lib/recipes/schema";
import { seededUniform } from "@/lib/recipes/seeded-uniform";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

// 3,000 documents in three groups of very different sizes; an integer score (many ties), a score
// with one huge outlier (so one bin holds almost everything), token counts with zeros.
const N = 3000;
const docs = Array.from({ length: N }, (_, i) => ({
  id: `doc-${i}`,
  text: `document ${i}`,
  grp: i % 10 < 7 ? "big" : i % 10 < 9 ? "mid" : "small",
  q: (i * 7919) % 5,
  outlier: i === 17 ? 1e9 : ((i * 104729) % 1000) / 1000,
  tok: i % 13 === 0 ? 0 : 1 + ((i * 31) % 200),
}));

let corpusId = "";
beforeAll(async () => {
  const dir = useTempDataDir("compile");
  const file = path.join(dir, "docs.jsonl");
  fs.writeFileSync(file, docs.map((d) => JSON.stringify(d)).join("\n"));
  corpusId = startIngest({ name: "compile", source: { kind: "path", path: file } }, { trusted: true }).corpusId;
  await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
});

type TRow = { id: string; g: string; t: number; k: number; u: number; quota: number; gtot: number; reps: number };

const select = async (input: Omit<TRecipeInput, "corpusId">): Promise<TRow[]> => {
  return withCompiledRecipe(ZRecipeSchema.parse({ corpusId, ...input }), {}, (c) =>
    queryRows<TRow>(`SELECT ${c.indexed.byName.get("id")!.expr} AS id, s.g, s.t, s.k, s.u, s.quota, s.gtot, s.reps FROM (${c.sql}) AS s JOIN ${c.indexTable} AS d ON d.${INDEX_POS} = s.rid`, c.params),
  );
};

/** The selection rule written plainly: sort each group, walk it, cut at the quota. */
const reference = (rows: TRow[], maxEpochs: number): Map<string, number> => {
  const out = new Map<string, number>();
  const groups = new Map<string, TRow[]>();
  for (const r of rows) groups.set(r.g, [...(groups.get(r.g) ?? []), r]);
  for (const members of groups.values()) {
    const sorted = [...members].sort((a, b) => b.k - a.k || b.u - a.u);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i].k === sorted[i - 1].k && sorted[i].u === sorted[i - 1].u).toBe(false);
    const { quota, gtot } = sorted[0];
    let cum = 0;
    for (const r of sorted) {
      cum += r.t;
      let reps: number;
      if (gtot <= 0 || quota <= 0) reps = 0;
      else if (gtot >= quota) reps = cum - r.t < quota || (r.t === 0 && cum <= quota) ? 1 : 0;
      else {
        const x = Math.min(quota / gtot, maxEpochs);
        reps = Math.floor(x) + (cum - r.t < (x - Math.floor(x)) * gtot ? 1 : 0);
      }
      out.set(r.id, reps);
    }
  }
  return out;
};

const CASES: [string, Omit<TRecipeInput, "corpusId">][] = [
  ["top-k by an integer score (ties broken by u)", { score: { terms: [{ column: "q", normalize: "none" }] }, budget: { unit: "tokens", value: 40_000, tokenColumn: "tok" } }],
  ["top-k without a score (every key equal)", { budget: { unit: "docs", value: 777 } }],
  ["top-k by a score with one huge outlier", { score: { terms: [{ column: "outlier", normalize: "none" }] }, budget: { unit: "tokens", value: 100_000, tokenColumn: "tok" } }],
  ["uniform", { sampling: { method: "uniform" }, budget: { unit: "docs", value: 1234 }, seed: 5 }],
  ["Gumbel top-k with a mix, a small group repeated up to 2.5 epochs", {
    score: { terms: [{ column: "q" }, { column: "outlier", weight: 0.5, normalize: "minmax" }] },
    sampling: { method: "gumbel_top_k", temperature: 0.3 },
    mix: { column: "grp", targets: { big: 1, mid: 1, small: 2 } },
    budget: { unit: "tokens", value: 200_000, tokenColumn: "tok" },
    maxEpochs: 2.5,
    seed: 11,
  }],
  ["DataMan per-source quotas without a mix", { sampling: { method: "dataman" }, score: { terms: [{ column: "q" }] }, budget: { unit: "docs", value: 500 } }],
  ["a filter and no budget: everything that passes, once", { filters: [{ op: "range", column: "q", min: 2 }] }],
];

describe("compileRecipe", () => {
  it.each(CASES)("selects exactly what sorting each group would: %s", async (_, input) => {
    const rows = await select(input);
    const want = reference(rows, ZRecipeSchema.parse({ corpusId, ...input }).maxEpochs);
    const diff = rows.filter((r) => r.reps !== want.get(r.id));
    expect(diff).toEqual([]);
    expect(rows.some((r) => r.reps > 0)).toBe(true);
  });

  it("draws u from the documented formula (md5 of the id, the seed), in SQL as in TypeScript", async () => {
    for (const seed of [0, 1, 2 ** 32 + 3, 987_654_321]) {
      const rows = await select({ sampling: { method: "uniform" }, seed, budget: { unit: "docs", value: 10 } });
      for (const r of rows.slice(0, 50)) expect(r.u).toBe(seededUniform(r.id, seed));
    }
  });

  it("gives uniform draws: mean ½, variance 1/12, and different seeds are uncorrelated", async () => {
    const a = await select({ sampling: { method: "uniform" }, seed: 1 });
    const b = new Map((await select({ sampling: { method: "uniform" }, seed: 2 })).map((r) => [r.id, r.u]));
    const mean = a.reduce((s, r) => s + r.u, 0) / a.length;
    const variance = a.reduce((s, r) => s + (r.u - mean) ** 2, 0) / a.length;
    const cov = a.reduce((s, r) => s + (r.u - 0.5) * (b.get(r.id)! - 0.5), 0) / a.length;
    expect(a.length).toBe(N);
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / N));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.01);
    expect(Math.abs(cov / (1 / 12))).toBeLessThan(4 / Math.sqrt(N));
  });
});
