import { z } from "zod";
import { parseSearchParams, route } from "@/lib/api/route";
import { getCorpusOverview } from "@/lib/corpora/corpus-overview";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Overview of a corpus version (default: the current one): stats, sources, columns, histograms. */
export const GET = route<{ id: string }>(async (req, { id }) => {
  const { version } = parseSearchParams(req, z.object({ version: z.string().optional() }));
  return getCorpusOverview(id, version);
});
