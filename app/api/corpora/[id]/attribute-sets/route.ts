import { z } from "zod";
import { parseSearchParams, route } from "@/lib/api/route";
import { listCorpusAttributeSets } from "@/lib/corpora/list-attribute-sets";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Ready attribute sets of a corpus version with their columns: `?versionId=` (default: current). */
export const GET = route<{ id: string }>(async (req, { id }) => listCorpusAttributeSets(id, parseSearchParams(req, z.object({ versionId: z.string().optional() })).versionId));
