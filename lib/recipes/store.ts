import { desc, eq } from "drizzle-orm";
import { recipes, recipeVersions } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { pinRecipe } from "@/lib/recipes/pinning";
import { ZRecipeSchema, type TRecipe } from "@/lib/recipes/schema";

export type TRecipeRow = typeof recipes.$inferSelect;

/**
 * Saves a recipe as a new version (a new recipe when no id is given), pinned to its corpus version
 * (the current one when it names none) and the attribute sets it reads. Returns the id and version.
 */
export const saveRecipe = (input: unknown, opts: { recipeId?: string; note?: string } = {}): { recipeId: string; version: number; recipe: TRecipe } => {
  const recipe = pinRecipe(ZRecipeSchema.parse(input));
  const db = getDb();
  const now = Date.now();
  return db.transaction((tx) => {
    let recipeId = opts.recipeId;
    let version = 1;
    if (recipeId) {
      const row = tx.select().from(recipes).where(eq(recipes.id, recipeId)).get();
      if (!row) throw new AppError("NOT_FOUND", `Recipe ${recipeId} not found`);
      version = row.latestVersion + 1;
      tx.update(recipes).set({ name: recipe.name, corpusId: recipe.corpusId, latestVersion: version, updatedAt: now }).where(eq(recipes.id, recipeId)).run();
    } else {
      recipeId = newId("rcp");
      tx.insert(recipes).values({ id: recipeId, name: recipe.name, corpusId: recipe.corpusId, latestVersion: 1, createdAt: now, updatedAt: now }).run();
    }
    tx.insert(recipeVersions).values({ id: newId("rcv"), recipeId, version, recipeJson: JSON.stringify(recipe), corpusVersionId: recipe.versionId ?? null, note: opts.note ?? "", createdAt: now }).run();
    return { recipeId, version, recipe };
  });
};

export const listRecipes = (): TRecipeRow[] => getDb().select().from(recipes).orderBy(desc(recipes.updatedAt)).all();

/** A recipe with every version (newest first). */
export const getRecipeOrThrow = (recipeId: string) => {
  const db = getDb();
  const row = db.select().from(recipes).where(eq(recipes.id, recipeId)).get();
  if (!row) throw new AppError("NOT_FOUND", `Recipe ${recipeId} not found`);
  const versions = db
    .select()
    .from(recipeVersions)
    .where(eq(recipeVersions.recipeId, recipeId))
    .orderBy(desc(recipeVersions.version))
    .all()
    .map((v) => ({ version: v.version, note: v.note, createdAt: v.createdAt, recipe: ZRecipeSchema.parse(JSON.parse(v.recipeJson)) }));
  return { ...row, versions };
};

export const getRecipeVersionOrThrow = (recipeId: string, version?: number): TRecipe => {
  const r = getRecipeOrThrow(recipeId);
  const v = version === undefined ? r.versions[0] : r.versions.find((x) => x.version === version);
  if (!v) throw new AppError("NOT_FOUND", `Recipe ${recipeId} has no version ${version}`);
  return v.recipe;
};

/** Copies a recipe's latest version into a new recipe. */
export const duplicateRecipe = (recipeId: string, name?: string) => {
  const recipe = getRecipeVersionOrThrow(recipeId);
  return saveRecipe({ ...recipe, name: name ?? `${recipe.name} (copy)` });
};

export type TRecipeChange = { path: string; from: unknown; to: unknown };

/** The fields that differ between two recipes, as dotted paths. */
export const diffRecipes = (a: unknown, b: unknown, prefix = ""): TRecipeChange[] => {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObj = (x: unknown) => x !== null && typeof x === "object" && !Array.isArray(x);
  if (!isObj(a) || !isObj(b)) return [{ path: prefix || "(root)", from: a, to: b }];
  const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])].sort();
  return keys.flatMap((k) => diffRecipes((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k));
};
