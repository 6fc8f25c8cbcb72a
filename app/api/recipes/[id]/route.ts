import { z } from "zod";
import { parseJsonBody, route } from "@/lib/api/route";
import { getRecipeOrThrow, saveRecipe } from "@/lib/recipes/store";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** A recipe with all its versions. */
export const GET = route<{ id: string }>(async (_req, { id }) => getRecipeOrThrow(id));

/** Saves a new version: `{ recipe, note? }`. */
export const POST = route<{ id: string }>({ role: "curator", audit: "recipe.save" }, async (req, { id }) => {
  const { recipe, note } = await parseJsonBody(req, z.object({ recipe: z.unknown(), note: z.string().max(500).optional() }));
  return saveRecipe(recipe, { recipeId: id, note });
});
