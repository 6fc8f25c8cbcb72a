import { z } from "zod";
import { MODEL_KINDS } from "@/db/schema";
import { parseJsonBody, parseSearchParams, route } from "@/lib/api/route";
import { describeModel, listModels } from "@/lib/models/models";
import { registerModelFile } from "@/lib/models/register-model";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const ZQuery = z.object({ kind: z.enum(MODEL_KINDS).optional(), status: z.enum(["building", "ready", "failed"]).optional() });

/** Models trained in the studio or registered by path, newest first: `?kind=fasttext&status=ready`. */
export const GET = route(async (req) => ({ models: listModels(parseSearchParams(req, ZQuery)).map(describeModel) }));

/** Registers a fastText model file by path: `{ kind: "fasttext", name, path }`. */
export const POST = route({ role: "admin", audit: "model.register" }, async (req) => registerModelFile(await parseJsonBody(req, z.unknown())));
