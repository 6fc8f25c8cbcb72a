import { eq } from "drizzle-orm";
import { runs } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import type { TEndpointRow } from "@/lib/inference/endpoints";
import { estimateCost, totalOfAttempts, type TInferenceStats, type TTaskAttemptStats } from "@/lib/inference/stats";

/** What the run page shows for one model-backed annotator: its endpoint (no token), totals and cost. */
export type TAnnotatorInference = {
  endpoint: { id: string; name: string; kind: string; model: string; priceInPerM: number | null; priceOutPerM: number | null };
  totals: TInferenceStats;
  estimatedCost: number | null;
  attempts: TTaskAttemptStats[];
  updatedAt: number;
};

/** `summary.inference`: annotator id → its counters. */
export type TInferenceSummary = Record<string, TAnnotatorInference>;

export const endpointFacts = (e: TEndpointRow): TAnnotatorInference["endpoint"] => ({
  id: e.id,
  name: e.name,
  kind: e.kind,
  model: e.model || e.baseUrl || "",
  priceInPerM: e.priceInPerM,
  priceOutPerM: e.priceOutPerM,
});

/**
 * Stores one task attempt's counters in the run summary (replacing that attempt's earlier
 * snapshot) and recomputes the totals, in one immediate transaction: several workers may write
 * at once. Called about once a second while a task runs, so the run page's counters are live.
 */
export const recordTaskInference = (runId: string, task: number, attempt: number, byAnnotator: Record<string, { endpoint: TEndpointRow; stats: TInferenceStats }>): void => {
  const db = getDb();
  db.transaction(
    (tx) => {
      const row = tx.select({ summaryJson: runs.summaryJson }).from(runs).where(eq(runs.id, runId)).get();
      if (!row) return;
      const summary = JSON.parse(row.summaryJson) as Record<string, unknown>;
      const inference = (summary.inference ?? {}) as TInferenceSummary;
      for (const [id, { endpoint, stats }] of Object.entries(byAnnotator)) {
        const prev = inference[id];
        const attempts = (prev?.attempts ?? []).filter((a) => !(a.task === task && a.attempt === attempt));
        attempts.push({ task, attempt, stats: structuredClone(stats) });
        attempts.sort((a, b) => a.task - b.task || a.attempt - b.attempt);
        const facts = endpointFacts(endpoint);
        const totals = totalOfAttempts(attempts);
        inference[id] = { endpoint: facts, totals, estimatedCost: estimateCost(totals, facts), attempts, updatedAt: Date.now() };
      }
      tx.update(runs)
        .set({ summaryJson: JSON.stringify({ ...summary, inference }) })
        .where(eq(runs.id, runId))
        .run();
    },
    { behavior: "immediate" },
  );
};

/** Adds a key to the run summary (kept by finalize), e.g. the sample's composition. */
export const mergeRunSummary = (runId: string, patch: Record<string, unknown>): void => {
  const db = getDb();
  db.transaction(
    (tx) => {
      const row = tx.select({ summaryJson: runs.summaryJson }).from(runs).where(eq(runs.id, runId)).get();
      if (!row) return;
      tx.update(runs)
        .set({ summaryJson: JSON.stringify({ ...(JSON.parse(row.summaryJson) as Record<string, unknown>), ...patch }) })
        .where(eq(runs.id, runId))
        .run();
    },
    { behavior: "immediate" },
  );
};
