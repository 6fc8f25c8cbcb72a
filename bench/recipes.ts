/**
 * Recipe benchmarks on the 1M-document bench corpus: preview latency for a recipe with 3 filters,
 * a weighted score, Gumbel top-k and a 5-way mix; export throughput (MB of output per second).
 */
import fs from "node:fs";
import path from "node:path";
import { columnValues } from "@/lib/corpora/column-values";
import { findCorpusByName } from "@/lib/corpora/versions";
import { exportRecipe } from "@/lib/recipes/export";
import { previewRecipe } from "@/lib/recipes/preview";
import { ZRecipeSchema } from "@/lib/recipes/schema";
import { timeIt } from "@/bench/stats";

export const benchRecipes = async (corpusName: string, outDir: string) => {
  const corpus = findCorpusByName(corpusName);
  if (!corpus) throw new Error(`Bench corpus ${corpusName} not found: run the ingest benchmark first`);
  const genres = (await columnValues(corpus.id, "genre")).values.slice(0, 5).map((v) => v.value!);
  const recipe = ZRecipeSchema.parse({
    corpusId: corpus.id,
    filters: [
      { op: "range", column: "year", min: 1970, max: 2020 },
      { op: "range", column: "quality", min: 0.1 },
      { op: "range", column: "n_chars", min: 400 },
    ],
    score: { terms: [{ column: "quality", weight: 1 }, { column: "n_chars", weight: 0.3 }] },
    sampling: { method: "gumbel_top_k", temperature: 0.5 },
    mix: { column: "genre", targets: Object.fromEntries(genres.map((g, i) => [g, i + 1])) },
    budget: { unit: "tokens", value: 50_000_000 },
    maxEpochs: 4,
    seed: 1,
  });
  const preview = await timeIt(() => previewRecipe({ ...recipe, seed: Math.floor(Math.random() * 1e6) }), 20, 2);
  const out = path.join(outDir, "export");
  const t = performance.now();
  const manifest = await exportRecipe({ ...recipe, budget: { unit: "tokens", value: 20_000_000 } }, out);
  const secs = (performance.now() - t) / 1000;
  const bytes = manifest.output.files.reduce((a, f) => a + fs.statSync(path.join(out, f.file)).size, 0);
  const docs = manifest.output.files.reduce((a, f) => a + f.docs, 0);
  return {
    previewMs: preview,
    export: { docs, outputMB: bytes / 1e6, seconds: secs, docsPerSecond: docs / secs, outputMBps: bytes / 1e6 / secs, format: recipe.output.format },
  };
};
