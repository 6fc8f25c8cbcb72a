/**
 * Bad-row samples of an ingest (run events and the run summary) carry up to 160 characters of the
 * offending input lines. This module is the one place that decides who may read them.
 */

/**
 * Who is asking. `null` is the single-user loopback mode (no sign-in): the one user may read
 * everything. With sign-in, the auth layer supplies whether the user may read a corpus.
 */
export type TSampleReader = { mayReadCorpus: (corpusId: string) => boolean } | null;

/** True when `reader` may see the input excerpts of a run over `corpusId`. */
export const mayReadIngestSamples = (reader: TSampleReader, run: { corpusId: string | null }): boolean => {
  if (reader === null) return true;
  return run.corpusId !== null && reader.mayReadCorpus(run.corpusId);
};

/** A deep copy of `value` without any `excerpt` field (what a reader without access gets). */
export const withoutSampleExcerpts = <T>(value: T): T => {
  if (Array.isArray(value)) return value.map((v) => withoutSampleExcerpts(v)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (k !== "excerpt") out[k] = withoutSampleExcerpts(v);
    return out as T;
  }
  return value;
};
