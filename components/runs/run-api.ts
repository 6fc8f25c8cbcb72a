import { apiError } from "@/components/ui/format";
import type { TRunDetails } from "@/lib/runs/get-run";

/** POSTs a run action (`cancel`, `rerun`) and returns its JSON, or throws the API's error message. */
export const postRunAction = async <T>(runId: string, action: "cancel" | "rerun", body?: unknown): Promise<T> => {
  const res = await fetch(`/api/runs/${runId}/${action}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(await apiError(res));
  return (await res.json()) as T;
};

/** The run with its tasks, or null when the request fails (the caller keeps what it has). */
export const fetchRunDetails = async (runId: string): Promise<TRunDetails | null> => {
  try {
    const res = await fetch(`/api/runs/${runId}`, { cache: "no-store" });
    return res.ok ? ((await res.json()) as TRunDetails) : null;
  } catch {
    return null;
  }
};
