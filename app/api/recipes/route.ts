import { z } from "zod";
import { parseJsonBody, route } from "@/lib/api/route";
import { listRecipes, saveRecipe } from "@/lib/recipes/store";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Saved recipes, most recently changed first. */
export const GET = route(async () => ({ recipes: listRecipes() }));

/** Saves a new recipe (version 1): `{ recipe, note? }`. */
export const POST = route({ role: "curator", audit: "recipe.save" }, async (req) => {
  const { recipe, note } = await parseJsonBody(req, z.object({ recipe: z.unknown(), note: z.string().max(500).optional() }));
  return saveRecipe(recipe, { note });
});
