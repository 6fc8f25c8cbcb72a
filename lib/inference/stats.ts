import type { TInferenceErrorKind } from "@/lib/inference/errors";

/**
 * Counters of model calls, summed over a task or a run. A *request* is one HTTP request (every
 * retry is one more); a *call* is one question (one document) that ends answered or failed.
 */
export type TInferenceStats = {
  /** HTTP requests sent. */
  requests: number;
  /** Requests that came back with an answer (billable), including malformed ones. */
  answered: number;
  /** Requests repeated after a failure or a malformed answer. */
  retries: number;
  /** Calls answered from the response cache (no request). */
  cacheHits: number;
  callsOk: number;
  callsFailed: number;
  tokensIn: number;
  tokensOut: number;
  /** Answers whose token counts were estimated locally (the server reported none). */
  tokensCounted: number;
  /** Sum of the latency of answered requests. */
  latencyMs: number;
  /** Failed requests by kind (a document retried three times after 500s counts three). */
  requestErrors: Partial<Record<TInferenceErrorKind, number>>;
  /** Calls that finally failed, by the kind of their last failure. */
  callErrors: Partial<Record<TInferenceErrorKind, number>>;
};

export const emptyStats = (): TInferenceStats => ({
  requests: 0,
  answered: 0,
  retries: 0,
  cacheHits: 0,
  callsOk: 0,
  callsFailed: 0,
  tokensIn: 0,
  tokensOut: 0,
  tokensCounted: 0,
  latencyMs: 0,
  requestErrors: {},
  callErrors: {},
});

const addCounts = (a: Partial<Record<TInferenceErrorKind, number>>, b: Partial<Record<TInferenceErrorKind, number>>) => {
  const out = { ...a };
  for (const [k, v] of Object.entries(b) as [TInferenceErrorKind, number][]) out[k] = (out[k] ?? 0) + v;
  return out;
};

export const addStats = (a: TInferenceStats, b: TInferenceStats): TInferenceStats => ({
  requests: a.requests + b.requests,
  answered: a.answered + b.answered,
  retries: a.retries + b.retries,
  cacheHits: a.cacheHits + b.cacheHits,
  callsOk: a.callsOk + b.callsOk,
  callsFailed: a.callsFailed + b.callsFailed,
  tokensIn: a.tokensIn + b.tokensIn,
  tokensOut: a.tokensOut + b.tokensOut,
  tokensCounted: a.tokensCounted + b.tokensCounted,
  latencyMs: a.latencyMs + b.latencyMs,
  requestErrors: addCounts(a.requestErrors, b.requestErrors),
  callErrors: addCounts(a.callErrors, b.callErrors),
});

export const countError = (counts: Partial<Record<TInferenceErrorKind, number>>, kind: TInferenceErrorKind): void => {
  counts[kind] = (counts[kind] ?? 0) + 1;
};

/** Estimated cost in the endpoint's currency from its prices per million tokens; null when it has none. */
export const estimateCost = (s: Pick<TInferenceStats, "tokensIn" | "tokensOut">, prices: { priceInPerM: number | null; priceOutPerM: number | null }): number | null => {
  if (prices.priceInPerM === null && prices.priceOutPerM === null) return null;
  return (s.tokensIn * (prices.priceInPerM ?? 0) + s.tokensOut * (prices.priceOutPerM ?? 0)) / 1e6;
};

/** One task attempt's counters for one annotator, as stored in the run summary. */
export type TTaskAttemptStats = { task: number; attempt: number; stats: TInferenceStats };

/**
 * A run's totals from its task attempts. Spending (requests, answers, retries, tokens, latency,
 * request errors) adds up over every attempt: an abandoned attempt's requests were paid for.
 * Outcomes per document (calls, cache hits, call errors) come from each task's latest attempt
 * only, so a retried task does not count its documents twice.
 */
export const totalOfAttempts = (attempts: TTaskAttemptStats[]): TInferenceStats => {
  const latest = new Map<number, TTaskAttemptStats>();
  for (const a of attempts) if ((latest.get(a.task)?.attempt ?? -1) < a.attempt) latest.set(a.task, a);
  const spent = attempts.reduce((acc, a) => addStats(acc, a.stats), emptyStats());
  const outcome = [...latest.values()].reduce((acc, a) => addStats(acc, a.stats), emptyStats());
  return { ...spent, cacheHits: outcome.cacheHits, callsOk: outcome.callsOk, callsFailed: outcome.callsFailed, callErrors: outcome.callErrors };
};
