import { notFound } from "next/navigation";
import { RunDetail } from "@/components/runs/run-detail";
import { isAppError } from "@/lib/errors";
import { getRunDetails } from "@/lib/runs/get-run";

export const dynamic = "force-dynamic";

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  let details;
  try {
    details = getRunDetails(id);
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  // Keyed by id: after "Re-run" the client navigates to the new run and must start from fresh state.
  return <RunDetail key={id} initialRun={details.run} initialTasks={details.tasks} />;
}
