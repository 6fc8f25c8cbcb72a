import type { TRunDetails } from "@/lib/runs/get-run";

/** The run with its tasks, or null when the request fails (the caller keeps what it has). */
export const fetchRunDetails = async (runId: string): Promise<TRunDetails | null> => {
  try {
    const res = await fetch(`/api/runs/${runId}`, { cache: "no-store" });
    return res.ok ? ((await res.json()) as TRunDetails) : null;
  } catch {
    return null;
  }
};
