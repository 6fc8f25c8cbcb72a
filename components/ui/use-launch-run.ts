"use client";

import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { postJson } from "@/components/ui/api";

/**
 * Busy and error state for a panel that starts a run. `launch` POSTs the body, then opens the new
 * run's page (staying busy while the page changes); `request` runs any other call of the panel (an
 * estimate, an inspection) under the same state and returns its result, or undefined when it failed.
 */
export const useLaunchRun = () => {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const request = useCallback(async <T>(send: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await send();
    } catch (e) {
      setError((e as Error).message);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);

  const launch = useCallback(
    async (url: string, body: unknown): Promise<void> => {
      setBusy(true);
      setError(null);
      try {
        const { runId } = await postJson<{ runId: string }>(url, body);
        router.push(`/runs/${runId}`);
      } catch (e) {
        setError((e as Error).message);
        setBusy(false);
      }
    },
    [router],
  );

  return { launch, request, busy, error, setError };
};
