import { z } from "zod";
import { parseSearchParams, route } from "@/lib/api/route";
import { listRunEvents } from "@/lib/runs/events";
import { getRunOrThrow } from "@/lib/runs/get-run";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The run log after event `after`, oldest first. */
export const GET = route<{ id: string }>(async (req, { id }) => {
  const { after, limit } = parseSearchParams(req, z.object({ after: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(5000).default(1000) }));
  getRunOrThrow(id);
  return { events: listRunEvents(id, after, limit) };
});
