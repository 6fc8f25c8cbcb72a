import { z } from "zod";
import { RUN_STATUSES } from "@/db/schema";
import { parseSearchParams, route } from "@/lib/api/route";
import { countRuns, listRuns } from "@/lib/runs/list-runs";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** `?status=` (empty) means no filter, as an unselected <select> sends it. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

const ZQuery = z.object({
  type: optional(z.string()),
  status: optional(z.enum(RUN_STATUSES)),
  corpusId: optional(z.string()),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Run history, newest first: `{ runs, total, limit, offset }`. */
export const GET = route(async (req) => {
  const q = parseSearchParams(req, ZQuery);
  return { runs: listRuns(q), total: countRuns(q), limit: q.limit, offset: q.offset };
});
