import { z } from "zod";
import { parseSearchParams, route } from "@/lib/api/route";
import { saveUpload } from "@/lib/ingest/save-upload";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const ZQuery = z.object({ filename: z.string().min(1).max(500) });

/** Streams the raw request body to disk: `POST /api/uploads?filename=docs.jsonl.gz`. */
export const POST = route({ role: "curator", audit: "upload" }, async (req) => {
  const { filename } = parseSearchParams(req, ZQuery);
  const len = req.headers.get("content-length");
  return saveUpload(filename, req.body, len ? Number(len) : undefined);
});
