import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { startAnnotate } from "@/lib/annotate/start-annotate";
import { getCorpusOrThrow, listVersions } from "@/lib/corpora/versions";
import { brownDocs } from "@/lib/demo/brown";
import { startIngest } from "@/lib/ingest/start-ingest";
import { startExport } from "@/lib/recipes/exports";
import { pinRecipe, rebaseOptions } from "@/lib/recipes/pinning";
import { previewRecipe } from "@/lib/recipes/preview";
import { dropColumns, recipeColumns } from "@/lib/recipes/recipe-columns";
import { ZRecipeSchema } from "@/lib/recipes/schema";
import { getRecipeVersionOrThrow, saveRecipe } from "@/lib/recipes/store";
import { startRefine } from "@/lib/refine/start-refine";
import { getRunOrThrow } from "@/lib/runs/get-run";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

let corpusId = "";
let v1 = "";
let v2 = "";
const work = () => runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });

beforeAll(async () => {
  const dir = useTempDataDir("recipe-pinning");
  const file = path.join(dir, "brown.jsonl");
  fs.writeFileSync(file, brownDocs().slice(0, 60).map((d) => JSON.stringify({ id: d.id, text: d.text })).join("\n"));
  corpusId = startIngest({ name: "brown", source: { kind: "path", path: file } }, { trusted: true }).corpusId;
  await work();
  v1 = getCorpusOrThrow(corpusId).currentVersionId!;
  startAnnotate({ corpusId, annotators: [{ id: "stats" }, { id: "gopher_quality" }] });
  await work();
}, 120_000);

const RECIPE = () => ({
  corpusId,
  name: "good docs",
  filters: [{ op: "eq" as const, column: "gopher_quality.pass", value: true }],
  score: { terms: [{ column: "stats.n_words" }] },
  budget: { unit: "docs" as const, value: 10 },
});

describe("recipes pinned to a corpus version", () => {
  it("a saved recipe records the current version and the attribute set its columns come from", () => {
    const saved = saveRecipe(RECIPE());
    expect(saved.recipe.versionId).toBe(v1);
    expect(saved.recipe.attributeSetIds).toHaveLength(1);
    expect(recipeColumns(saved.recipe)).toEqual(["gopher_quality.pass", "stats.n_words"]);
  });

  it("after a refinement makes v2 current, the saved recipe still previews and exports v1, and can be rebased", async () => {
    const { recipeId } = saveRecipe(RECIPE());
    startRefine({ corpusId, rules: [{ id: "normalize_whitespace" }] });
    await work();
    v2 = getCorpusOrThrow(corpusId).currentVersionId!;
    expect(v2).not.toBe(v1);

    const recipe = getRecipeVersionOrThrow(recipeId);
    expect(recipe.versionId).toBe(v1);
    const preview = await previewRecipe(recipe);
    expect(preview.totals.selectedDocs).toBe(10);
    // An unpinned recipe reads the current version, where the annotation columns do not exist.
    await expect(previewRecipe({ ...RECIPE() })).rejects.toThrow(/Unknown column "gopher_quality.pass"/);

    const { runId } = startExport({ recipeId });
    await work();
    const run = getRunOrThrow(runId);
    expect(run.status).toBe("succeeded");
    expect(run.inputVersionId).toBe(v1);

    const options = rebaseOptions(recipe);
    expect(options.pinned.versionId).toBe(v1);
    expect(options.newer.map((o) => [o.versionId, o.missingColumns])).toEqual([[v2, ["gopher_quality.pass", "stats.n_words"]]]);
    const rebased = ZRecipeSchema.parse({ ...dropColumns(recipe, options.newer[0].missingColumns), versionId: v2, attributeSetIds: undefined });
    expect(rebased.filters).toEqual([]);
    expect((await previewRecipe(rebased)).totals.selectedDocs).toBe(10);
  }, 120_000);

  it("a recipe can still be built and saved on v1 after v2 exists", () => {
    expect(listVersions(corpusId).filter((v) => v.status === "ready")).toHaveLength(2);
    const saved = saveRecipe({ ...RECIPE(), versionId: v1 });
    expect(saved.recipe.versionId).toBe(v1);
    expect(() => pinRecipe(ZRecipeSchema.parse({ ...RECIPE(), versionId: v1, attributeSetIds: ["ats_gone"] }))).toThrow(/ats_gone/);
  });
});
