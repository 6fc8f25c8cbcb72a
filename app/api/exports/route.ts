import { z } from "zod";
import { parseJsonBody, route } from "@/lib/api/route";
import { listExports, startExport } from "@/lib/recipes/exports";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Export history (export runs, newest first). */
export const GET = route(async () => ({ exports: listExports() }));

/** Starts an export: `{ recipeId, version? }` or `{ recipe }`. */
export const POST = route({ role: "curator", audit: "run.launch" }, async (req) =>
  startExport(await parseJsonBody(req, z.object({ recipeId: z.string().optional(), version: z.number().int().optional(), recipe: z.unknown().optional() }))),
);
