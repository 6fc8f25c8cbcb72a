import { z } from "zod";
import { parseJsonBody, route } from "@/lib/api/route";
import { previewRecipe } from "@/lib/recipes/preview";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** What a (possibly unsaved) recipe selects: `{ recipe }`. */
export const POST = route("viewer", async (req) => {
  const { recipe } = await parseJsonBody(req, z.object({ recipe: z.unknown() }));
  return previewRecipe(recipe as never, { signal: req.signal });
});
