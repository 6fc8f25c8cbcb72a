import fs from "node:fs";
import { AppError } from "@/lib/errors";
import { getRecipeVersionOrThrow } from "@/lib/recipes/store";
import { createRun } from "@/lib/runs/create-run";
import { getRunOrThrow, listRuns } from "@/lib/runs/get-run";
import { dataDirFile, isSafeName } from "@/lib/security/paths";

/** Starts an export of a saved recipe version (default: latest), or of a recipe given inline. */
export const startExport = (input: { recipeId?: string; version?: number; recipe?: unknown }): { runId: string } => {
  if (!input.recipeId && !input.recipe) throw new AppError("UNPROCESSABLE", "Give a recipeId or a recipe");
  const recipe = input.recipeId ? getRecipeVersionOrThrow(input.recipeId, input.version) : input.recipe;
  const run = createRun("export", { recipe, recipeId: input.recipeId, recipeVersion: input.recipeId ? (input.version ?? null) : null });
  return { runId: run.id };
};

export const listExports = () => listRuns({ type: "export" });

const ZRunId = /^run_[a-z0-9]+$/;

/**
 * A succeeded export run looked up by id, and the file names it wrote (from its summary in the DB),
 * or a 404. The id from the URL is only ever a DB key: it never becomes part of a path.
 */
const succeededExport = (runId: string): { id: string; files: string[] } => {
  const notFound = new AppError("NOT_FOUND", "Export not found");
  if (typeof runId !== "string" || !ZRunId.test(runId)) throw notFound;
  let run;
  try {
    run = getRunOrThrow(runId);
  } catch {
    throw notFound;
  }
  if (run.type !== "export") throw notFound;
  if (run.status !== "succeeded") throw new AppError("NOT_FOUND", `Export ${run.id} has no files (status ${run.status})`);
  const summary = JSON.parse(run.summaryJson ?? "{}") as { files?: { file?: unknown }[] };
  const files = (summary.files ?? []).map((f) => f.file).filter((f): f is string => typeof f === "string" && isSafeName(f));
  return { id: run.id, files: [...files, "manifest.json"] };
};

/** The manifest of a succeeded export. */
export const getExportManifest = (runId: string): unknown => {
  const run = succeededExport(runId);
  const file = dataDirFile("exports", run.id, "manifest.json");
  if (!file) throw new AppError("NOT_FOUND", `Export ${run.id} has no manifest`);
  return JSON.parse(fs.readFileSync(file, "utf8"));
};

/**
 * Path of one output file of a succeeded export. The name must equal one of the files its run
 * recorded (or `manifest.json`); the path is built from the run id found in the DB, under the data dir.
 */
export const exportFilePath = (runId: string, name: string): string => {
  const run = succeededExport(runId);
  if (!run.files.includes(name)) throw new AppError("NOT_FOUND", "No such file in this export");
  const file = dataDirFile("exports", run.id, name);
  if (!file || !fs.statSync(file).isFile()) throw new AppError("NOT_FOUND", "No such file in this export");
  return file;
};
