"use client";

import { useEffect, useState } from "react";
import type { TRunEvent } from "@/lib/runs/events";
import type { TSerializedRun } from "@/lib/runs/get-run";

/** Log entries kept in the page; older ones stay available from `/api/runs/:id/events`. */
export const LOG_TAIL = 2000;

/**
 * Follows a run over Server-Sent Events: the latest run snapshot and its log (the last
 * `LOG_TAIL` entries, oldest first). The browser reconnects on its own after a dropped
 * connection and resumes the log from the last entry it saw; the stream closes when the run ends.
 */
export const useRunStream = (initialRun: TSerializedRun) => {
  const [run, setRun] = useState(initialRun);
  const [events, setEvents] = useState<TRunEvent[]>([]);
  const [live, setLive] = useState(false);
  const runId = initialRun.id;

  useEffect(() => {
    const es = new EventSource(`/api/runs/${runId}/stream?tail=${LOG_TAIL}`);
    es.addEventListener("open", () => setLive(true));
    es.addEventListener("progress", (e) => setRun(JSON.parse((e as MessageEvent<string>).data) as TSerializedRun));
    es.addEventListener("log", (e) => {
      const batch = JSON.parse((e as MessageEvent<string>).data) as TRunEvent[];
      setEvents((prev) => {
        const last = prev.length ? prev[prev.length - 1].id : 0;
        const fresh = batch.filter((x) => x.id > last);
        if (fresh.length === 0) return prev;
        const next = [...prev, ...fresh];
        return next.length > LOG_TAIL ? next.slice(next.length - LOG_TAIL) : next;
      });
    });
    es.addEventListener("done", () => {
      es.close();
      setLive(false);
    });
    es.addEventListener("error", () => setLive(es.readyState === EventSource.OPEN));
    return () => es.close();
  }, [runId]);

  return { run, setRun, events, live };
};
