import { z } from "zod";
import { parseSearchParams, route } from "@/lib/api/route";
import { listRuns } from "@/lib/runs/get-run";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const ZQuery = z.object({
  type: z.string().optional(),
  status: z.enum(["queued", "running", "succeeded", "failed", "cancelled"]).optional(),
  corpusId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Run history, newest first. */
export const GET = route(async (req) => ({ runs: listRuns(parseSearchParams(req, ZQuery)) }));
