import { Fact } from "@/components/runs/summary-fact";
import { formatDuration, formatInt } from "@/components/ui/format";
import type { TInferenceSummary } from "@/lib/annotate/inference-summary";
import type { TSampleSummary } from "@/lib/annotate/sample-step";

export const INFERENCE_SUMMARY_KEYS = new Set(["inference", "sample"]);

const ErrorCounts = ({ title, counts, testId }: { title: string; counts: Record<string, number | undefined>; testId: string }) => {
  const entries = Object.entries(counts).filter(([, n]) => (n ?? 0) > 0);
  return (
    <div>
      <div className="text-[11px] uppercase text-slate-500">{title}</div>
      {entries.length === 0 ? (
        <div className="text-xs text-slate-500">none</div>
      ) : (
        <table className="text-xs" data-testid={testId}>
          <tbody>
            {entries.map(([kind, n]) => (
              <tr key={kind}>
                <td className="pr-3 font-mono">{kind}</td>
                <td className="text-right tabular-nums">{formatInt(n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
};

const formatCost = (c: number) => (c >= 1 ? c.toFixed(2) : c.toPrecision(3));

/**
 * Model calls of a run, per model-backed annotator: requests, cache hits, tokens, errors by kind,
 * documents per second and the estimated cost (from the endpoint's prices per million tokens).
 * Updated about once a second while the run goes.
 */
export const InferenceSummary = ({ inference, sample, durationMs }: { inference?: TInferenceSummary; sample?: Record<string, TSampleSummary>; durationMs?: number | null }) => (
  <div className="space-y-4" data-testid="inference-summary">
    {Object.entries(inference ?? {}).map(([id, a]) => {
      const t = a.totals;
      const docs = t.callsOk + t.callsFailed;
      const secs = durationMs ? durationMs / 1000 : 0;
      return (
        <div key={id} className="space-y-2">
          <h3 className="font-semibold">
            Model calls · <span className="font-mono">{id}</span>{" "}
            <span className="text-xs font-normal text-slate-500">
              {a.endpoint.name} ({a.endpoint.kind}
              {a.endpoint.model ? `, ${a.endpoint.model}` : ""})
            </span>
          </h3>
          <div className="grid grid-cols-2 gap-2 md:grid-cols-4 xl:grid-cols-6">
            <Fact label="documents rated" value={t.callsOk} testId="inference-rated" />
            <Fact label="documents failed" value={t.callsFailed} testId="inference-failed" />
            <Fact label="requests" value={t.requests} testId="inference-requests" />
            <Fact label="cache hits" value={t.cacheHits} testId="inference-cache-hits" />
            <Fact label="retries" value={t.retries} />
            <Fact label="tokens in" value={t.tokensIn} testId="inference-tokens-in" />
            <Fact label="tokens out" value={t.tokensOut} testId="inference-tokens-out" />
            <Fact label="mean latency" value={t.answered > 0 ? formatDuration(t.latencyMs / t.answered) : "—"} />
            <Fact label="docs/s" value={secs > 0 && docs > 0 ? (docs / secs).toFixed(1) : "—"} testId="inference-docs-per-second" />
            <Fact
              label="estimated cost"
              value={a.estimatedCost === null ? "no prices set" : `${formatCost(a.estimatedCost)}${t.tokensCounted > 0 ? " (some tokens estimated)" : ""}`}
              testId="inference-cost"
            />
          </div>
          <div className="flex flex-wrap gap-8">
            <ErrorCounts title="documents failed, by kind" counts={t.callErrors} testId="inference-call-errors" />
            <ErrorCounts title="failed requests, by kind" counts={t.requestErrors} testId="inference-request-errors" />
          </div>
        </div>
      );
    })}
    {Object.entries(sample ?? {}).map(([id, s]) => (
      <div key={id}>
        <h3 className="font-semibold">
          Sample · <span className="font-mono">{id}</span>{" "}
          <span className="text-xs font-normal text-slate-500">
            {formatInt(s.sampled)} documents (asked {formatInt(s.size)}, seed {s.seed}), stratified by source
          </span>
        </h3>
        <table className="text-xs" data-testid="sample-by-source">
          <thead className="text-left text-slate-500">
            <tr>
              <th className="pr-4">source</th>
              <th className="pr-4 text-right">docs</th>
              <th className="text-right">sampled</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(s.bySource).map(([source, v]) => (
              <tr key={source} className="border-t border-slate-100">
                <td className="pr-4">{source || "(none)"}</td>
                <td className="pr-4 text-right tabular-nums">{formatInt(v.docs)}</td>
                <td className="text-right tabular-nums">{formatInt(v.sampled)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    ))}
  </div>
);
