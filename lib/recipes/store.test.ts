import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startIngest } from "@/lib/ingest/start-ingest";
import { rebalanceMix } from "@/lib/recipes/mix";
import { diffRecipes, duplicateRecipe, getRecipeOrThrow, listRecipes, saveRecipe } from "@/lib/recipes/store";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

describe("recipe store", () => {
  it("saves versions, lists, duplicates and diffs", async () => {
    const dir = useTempDataDir("recipe-store");
    const file = path.join(dir, "tiny.jsonl");
    fs.writeFileSync(file, ["a", "b"].map((id) => JSON.stringify({ id, text: `Document ${id}.` })).join("\n"));
    const cor_x = startIngest({ name: "tiny", source: { kind: "path", path: file } }, { trusted: true }).corpusId;
    await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
    const a = saveRecipe({ corpusId: cor_x, name: "mix", budget: { unit: "docs", value: 10 } });
    const b = saveRecipe({ corpusId: cor_x, name: "mix", budget: { unit: "docs", value: 20 }, seed: 4 }, { recipeId: a.recipeId, note: "more" });
    expect(b.version).toBe(2);
    const r = getRecipeOrThrow(a.recipeId);
    expect(r.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(diffRecipes(r.versions[1].recipe, r.versions[0].recipe)).toEqual([
      { path: "budget.value", from: 10, to: 20 },
      { path: "seed", from: 0, to: 4 },
    ]);
    const copy = duplicateRecipe(a.recipeId);
    expect(copy.recipe.name).toBe("mix (copy)");
    expect(listRecipes()).toHaveLength(2);
    expect(() => saveRecipe({ corpusId: cor_x, sampling: { method: "nope" } })).toThrow();
    expect(() => saveRecipe({ corpusId: "cor_missing" })).toThrow(/not found/);
  });
});

describe("linked mix sliders", () => {
  it("rebalances the unlocked sliders proportionally and respects locks", () => {
    expect(rebalanceMix({ a: 50, b: 30, c: 20 }, "a", 60)).toEqual({ a: 60, b: 24, c: 16 });
    const locked = rebalanceMix({ a: 50, b: 30, c: 20 }, "a", 90, ["c"]);
    expect(locked).toEqual({ a: 80, b: 0, c: 20 });
    const sum = Object.values(rebalanceMix({ a: 10, b: 0, c: 0 }, "a", 40)).reduce((x, y) => x + y, 0);
    expect(sum).toBeCloseTo(100);
  });
});
