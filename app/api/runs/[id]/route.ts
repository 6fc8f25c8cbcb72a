import { route } from "@/lib/api/route";
import { getRunDetails } from "@/lib/runs/get-run";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** A run with its config, summary, tasks and progress. */
export const GET = route<{ id: string }>(async (_req, { id }) => getRunDetails(id));
