import { z } from "zod";
import { parseJsonBody, route } from "@/lib/api/route";
import { inspectSource } from "@/lib/ingest/start-ingest";
import { ZIngestSourceSchema } from "@/lib/ingest/source-spec";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Shows the fields of a source and the detected text and id fields. */
export const POST = route("curator", async (req) => {
  const { source } = await parseJsonBody(req, z.object({ source: ZIngestSourceSchema }));
  return inspectSource(source);
});
