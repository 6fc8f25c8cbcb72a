import { route } from "@/lib/api/route";
import { duplicateRecipe } from "@/lib/recipes/store";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Copies the latest version into a new recipe. */
export const POST = route<{ id: string }>({ role: "curator", audit: "recipe.duplicate" }, async (_req, { id }) => duplicateRecipe(id));
