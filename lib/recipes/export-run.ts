import path from "node:path";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { runs } from "@/db/schema";
import { getConfig } from "@/lib/config";
import { getReadyVersionOrThrow } from "@/lib/corpora/versions";
import { getDb } from "@/lib/db/client";
import { exportRecipe } from "@/lib/recipes/export";
import { ZRecipeSchema, type TRecipe } from "@/lib/recipes/schema";
import type { TRunType } from "@/lib/runs/types";

export const ZExportConfigSchema = z.object({
  recipe: ZRecipeSchema,
  /** The saved recipe this export came from, for "open the recipe that made this". */
  recipeId: z.string().optional(),
  recipeVersion: z.number().int().nullable().optional(),
});
export type TExportConfig = { recipe: TRecipe; recipeId?: string; recipeVersion?: number | null };

/** Where an export run writes its shards and manifest. */
export const exportDir = (runId: string): string => path.join(getConfig().dataDir, "exports", runId);

export const exportRunType: TRunType<TExportConfig> = {
  type: "export",
  configSchema: ZExportConfigSchema as unknown as z.ZodType<TExportConfig>,
  plan: (_run, config) => {
    const version = getReadyVersionOrThrow(config.recipe.corpusId, config.recipe.versionId);
    return { tasks: [{ kind: "export", input: {}, maxAttempts: 2 }], corpusId: config.recipe.corpusId, inputVersionId: version.id };
  },
  execute: async (ctx, config) => {
    // Pin the version the run planned on, so a later version cannot change what is exported.
    const recipe = { ...config.recipe, versionId: ctx.run.inputVersionId ?? config.recipe.versionId };
    const manifest = await exportRecipe(recipe, exportDir(ctx.run.id), () => ctx.heartbeat());
    const docs = manifest.output.files.reduce((a, f) => a + f.docs, 0);
    ctx.setTotals({ items: docs });
    ctx.progress({ items: docs });
    getDb()
      .update(runs)
      .set({ summaryJson: JSON.stringify({ files: manifest.output.files, totals: manifest.selection.totals, warnings: manifest.selection.warnings, dir: exportDir(ctx.run.id) }) })
      .where(eq(runs.id, ctx.run.id))
      .run();
    ctx.log("info", "export_written", `Wrote ${docs} documents in ${manifest.output.files.length} file(s)`);
    return { files: manifest.output.files.length, docs };
  },
};
