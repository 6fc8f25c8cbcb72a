import fs from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/errors";
import { exportDir } from "@/lib/recipes/export-run";
import { getRecipeVersionOrThrow } from "@/lib/recipes/store";
import { createRun } from "@/lib/runs/create-run";
import { getRunOrThrow, listRuns } from "@/lib/runs/get-run";

/** Starts an export of a saved recipe version (default: latest), or of a recipe given inline. */
export const startExport = (input: { recipeId?: string; version?: number; recipe?: unknown }): { runId: string } => {
  if (!input.recipeId && !input.recipe) throw new AppError("UNPROCESSABLE", "Give a recipeId or a recipe");
  const recipe = input.recipeId ? getRecipeVersionOrThrow(input.recipeId, input.version) : input.recipe;
  const run = createRun("export", { recipe, recipeId: input.recipeId, recipeVersion: input.recipeId ? (input.version ?? null) : null });
  return { runId: run.id };
};

export const listExports = () => listRuns({ type: "export" });

/** The manifest of a finished export. */
export const getExportManifest = (runId: string): unknown => {
  const run = getRunOrThrow(runId);
  if (run.type !== "export") throw new AppError("NOT_FOUND", `Run ${runId} is not an export`);
  const file = path.join(exportDir(runId), "manifest.json");
  if (!fs.existsSync(file)) throw new AppError("NOT_FOUND", `Export ${runId} has no manifest (status ${run.status})`);
  return JSON.parse(fs.readFileSync(file, "utf8"));
};

/** Path of one output file of an export; only names listed in its folder are served. */
export const exportFilePath = (runId: string, name: string): string => {
  const dir = exportDir(runId);
  if (!fs.existsSync(dir) || !fs.readdirSync(dir).includes(name)) throw new AppError("NOT_FOUND", `No file ${name} in export ${runId}`);
  return path.join(dir, name);
};
