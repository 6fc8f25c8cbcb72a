import { listReadyAttributeSets, type TAttributeSetRow } from "@/lib/annotate/attribute-sets";
import { buildDocumentRelation } from "@/lib/corpora/document-relation";
import { getReadyVersionOrThrow, listVersions, type TCorpusVersionRow } from "@/lib/corpora/versions";
import { AppError } from "@/lib/errors";
import { recipeColumns } from "@/lib/recipes/recipe-columns";
import type { TRecipe } from "@/lib/recipes/schema";

/**
 * A saved recipe is pinned: it names the corpus version it reads and the attribute sets its columns
 * come from, so a refinement that makes a newer version current, or a later annotation of the same
 * version, changes nothing it selects. Moving to a newer version is an explicit rebase.
 */

/**
 * The attribute sets a recipe reads on a version: the recorded ones first (a column of the same
 * name in a newer set does not replace theirs), then the version's other ready sets (newest first).
 */
export const recipeAttributeSets = (versionId: string, recorded?: string[]): TAttributeSetRow[] => {
  const ready = listReadyAttributeSets(versionId);
  if (!recorded) return ready;
  const byId = new Map(ready.map((s) => [s.id, s]));
  const missing = recorded.filter((id) => !byId.has(id));
  if (missing.length) throw new AppError("CONFLICT", `The recipe reads attribute set${missing.length > 1 ? "s" : ""} ${missing.join(", ")}, not ready on version ${versionId}`);
  return [...recorded.map((id) => byId.get(id)!), ...ready.filter((s) => !recorded.includes(s.id))];
};

/** Which of the recipe's columns a version (with its ready attribute sets) lacks. */
export const missingColumns = (recipe: TRecipe, version: TCorpusVersionRow, sets: TAttributeSetRow[] = listReadyAttributeSets(version.id)): string[] => {
  const rel = buildDocumentRelation(version, sets, []);
  return recipeColumns(recipe).filter((c) => !rel.byName.has(c));
};

/** The recipe pinned to its version (the corpus's current one when none is named) and to the attribute sets its columns come from. */
export const pinRecipe = (recipe: TRecipe): TRecipe => {
  const version = getReadyVersionOrThrow(recipe.corpusId, recipe.versionId);
  const sets = recipeAttributeSets(version.id, recipe.attributeSetIds);
  const rel = buildDocumentRelation(version, sets, []);
  const used = new Set(recipeColumns(recipe).map((c) => rel.byName.get(c)?.attributeSetId).filter((id): id is string => Boolean(id)));
  return { ...recipe, versionId: version.id, attributeSetIds: sets.filter((s) => used.has(s.id)).map((s) => s.id) };
};

export type TRebaseOption = { versionId: string; version: number; missingColumns: string[] };

/** The pinned version, and every newer ready version of the corpus with the recipe's columns it lacks. */
export const rebaseOptions = (recipe: TRecipe): { pinned: { versionId: string; version: number }; newer: TRebaseOption[] } => {
  const pinned = getReadyVersionOrThrow(recipe.corpusId, recipe.versionId);
  const newer = listVersions(recipe.corpusId)
    .filter((v) => v.status === "ready" && v.version > pinned.version)
    .map((v) => ({ versionId: v.id, version: v.version, missingColumns: missingColumns(recipe, v) }));
  return { pinned: { versionId: pinned.id, version: pinned.version }, newer };
};
