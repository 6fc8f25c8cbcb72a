import { z } from "zod";
import { parseJsonBody, route } from "@/lib/api/route";
import { startRefine } from "@/lib/refine/start-refine";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Queues a refinement run: `{ corpusId, versionId?, name?, rules: [{ id, config? }], lm?: { endpointId, stage }, acceptance? }`. */
export const POST = route({ role: "curator", audit: "run.launch" }, async (req) => startRefine(await parseJsonBody(req, z.unknown())));
