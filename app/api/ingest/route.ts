import { parseJsonBody, route } from "@/lib/api/route";
import { startIngest, ZStartIngestSchema } from "@/lib/ingest/start-ingest";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Queues an ingest run for an upload, a local path or a URL. */
export const POST = route({ role: "curator", audit: "run.launch" }, async (req) => startIngest(await parseJsonBody(req, ZStartIngestSchema)));
