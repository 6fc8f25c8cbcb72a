import { z } from "zod";
import { parseSearchParams, route } from "@/lib/api/route";
import { getDocumentRefinements } from "@/lib/refine/document-refinement";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The refinements of one document (how this version's text was made, and what refining it produced), as line-level diffs with their programs. */
export const GET = route<{ id: string; docId: string }>(async (req, { id, docId }) => {
  const { version } = parseSearchParams(req, z.object({ version: z.string().optional() }));
  return getDocumentRefinements(id, docId, version);
});
