import { z } from "zod";
import { parseSearchParams, route } from "@/lib/api/route";
import { getDocument } from "@/lib/corpora/query-documents";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Every field of one document, with the full text. */
export const GET = route<{ id: string; docId: string }>(async (req, { id, docId }) => {
  const { version } = parseSearchParams(req, z.object({ version: z.string().optional() }));
  return getDocument(id, docId, version);
});
