import type { TRefineOutcome } from "@/lib/refine/execute-program";

export type TRefineTotals = {
  docs: number;
  docsOut: number;
  dropped: number;
  changed: number;
  /** Programs ignored for their errors (document unchanged). */
  rejected: number;
  linesRemoved: number;
  charsRemoved: number;
  errors: number;
  docsWithErrors: number;
};

/** What one program source (a rule id, `lm`, or `acceptance` for the acceptance rule's drops) did. */
export type TSourceTotals = { docsChanged: number; dropped: number; linesRemoved: number; charsRemoved: number; normalizations: number; errors: number };

export type TRefineStats = {
  totals: TRefineTotals;
  bySource: Record<string, TSourceTotals>;
  /** By the documents' `source` column. */
  byDocSource: Record<string, TRefineTotals>;
  dropReasons: Record<string, number>;
  /** Refining-LM calls: requests sent, answers from the cache, and documents whose request finally failed (left unchanged). */
  lm: { requests: number; cacheHits: number; tokensIn: number; tokensOut: number; failed: number };
};

const emptyTotals = (): TRefineTotals => ({ docs: 0, docsOut: 0, dropped: 0, changed: 0, rejected: 0, linesRemoved: 0, charsRemoved: 0, errors: 0, docsWithErrors: 0 });
const emptySource = (): TSourceTotals => ({ docsChanged: 0, dropped: 0, linesRemoved: 0, charsRemoved: 0, normalizations: 0, errors: 0 });

export const emptyRefineStats = (): TRefineStats => ({ totals: emptyTotals(), bySource: {}, byDocSource: {}, dropReasons: {}, lm: { requests: 0, cacheHits: 0, tokensIn: 0, tokensOut: 0, failed: 0 } });

const addOutcome = (t: TRefineTotals, r: TRefineOutcome) => {
  t.docs++;
  if (!r.dropped) t.docsOut++;
  if (r.dropped) t.dropped++;
  if (r.changed) t.changed++;
  if (!r.applied) t.rejected++;
  t.linesRemoved += r.linesRemoved;
  t.charsRemoved += r.charsRemoved;
  t.errors += r.errors.length;
  if (r.errors.length > 0) t.docsWithErrors++;
};

/** Adds one document's outcome. */
export const countOutcome = (stats: TRefineStats, docSource: string, r: TRefineOutcome): void => {
  addOutcome(stats.totals, r);
  addOutcome((stats.byDocSource[docSource] ??= emptyTotals()), r);
  if (r.dropReason) stats.dropReasons[r.dropReason] = (stats.dropReasons[r.dropReason] ?? 0) + 1;
  for (const [origin, o] of Object.entries(r.byOrigin)) {
    const s = (stats.bySource[origin] ??= emptySource());
    if (o.dropped || o.linesRemoved > 0 || o.normalizations > 0) s.docsChanged++;
    if (o.dropped) s.dropped++;
    s.linesRemoved += o.linesRemoved;
    s.charsRemoved += o.charsRemoved;
    s.normalizations += o.normalizations;
    s.errors += o.errors;
  }
};

const addInto = <T extends Record<string, number>>(into: T, from: T): void => {
  for (const k of Object.keys(from) as (keyof T)[]) (into[k] as number) = ((into[k] as number) ?? 0) + (from[k] as number);
};

/** Sums per-shard stats. */
export const mergeRefineStats = (parts: TRefineStats[]): TRefineStats => {
  const out = emptyRefineStats();
  for (const p of parts) {
    addInto(out.totals, p.totals);
    addInto(out.lm, p.lm);
    addInto(out.dropReasons, p.dropReasons);
    for (const [k, v] of Object.entries(p.bySource)) addInto((out.bySource[k] ??= emptySource()), v);
    for (const [k, v] of Object.entries(p.byDocSource)) addInto((out.byDocSource[k] ??= emptyTotals()), v);
  }
  return out;
};
