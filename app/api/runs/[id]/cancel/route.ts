import { route } from "@/lib/api/route";
import { cancelRun } from "@/lib/runs/cancel-run";
import { getRunDetails } from "@/lib/runs/get-run";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Cancels a queued or running run. */
export const POST = route<{ id: string }>({ role: "curator", audit: "run.cancel" }, async (_req, { id }) => {
  cancelRun(id);
  return getRunDetails(id);
});
