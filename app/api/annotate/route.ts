import { z } from "zod";
import { parseJsonBody, route } from "@/lib/api/route";
import { startAnnotate } from "@/lib/annotate/start-annotate";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Queues an annotation run: `{ corpusId, versionId?, name?, annotators: [{ id, config? }] }`. */
export const POST = route({ role: "curator", audit: "run.launch" }, async (req) => startAnnotate(await parseJsonBody(req, z.unknown())));
