import { z } from "zod";
import { parseJsonBody, route } from "@/lib/api/route";
import { ZScoresSourceSchema } from "@/lib/imports/scores-file";
import { inspectScoresSource } from "@/lib/imports/start-import";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Columns (DuckDB types and the attribute types they map to), row count, first rows, guessed id column and prefix: `{ source }`. */
export const POST = route("curator", async (req) => inspectScoresSource((await parseJsonBody(req, z.object({ source: ZScoresSourceSchema }))).source));
