import { z } from "zod";
import { MODEL_KINDS } from "@/db/schema";
import { parseSearchParams, route } from "@/lib/api/route";
import { describeModel, listModels } from "@/lib/models/models";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const ZQuery = z.object({ kind: z.enum(MODEL_KINDS).optional(), status: z.enum(["building", "ready", "failed"]).optional() });

/** Models trained in the studio, newest first: `GET /api/models?kind=ngram&status=ready`. */
export const GET = route(async (req) => ({ models: listModels(parseSearchParams(req, ZQuery)).map(describeModel) }));
