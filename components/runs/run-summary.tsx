import { PassRateTable, type TPassRates } from "@/components/annotate/pass-rate-table";

type TSample = { file: string; line: number | null; message: string; excerpt: string };
type TIngestSummary = {
  docsIn?: number;
  docsOut?: number;
  badRows?: Record<string, number>;
  badRowTotal?: number;
  duplicateIds?: number;
  samples?: Record<string, TSample[]>;
  textField?: string;
  idField?: string | null;
  blankLines?: number;
  ignoredFields?: string[];
};


/** The run's summary: bad rows by kind with samples (ingest), pass rates by group (annotate), or JSON. */
export const RunSummary = ({ summary }: { summary: Record<string, unknown> }) => {
  const keys = Object.keys(summary);
  if (keys.length === 0) return <p className="text-sm text-slate-500">No summary yet.</p>;
  const ingest = summary as TIngestSummary;
  const passRates = summary.passRates as TPassRates | undefined;
  return (
    <div className="space-y-4 text-sm" data-testid="run-summary">
      {ingest.docsOut !== undefined && (
        <div className="grid grid-cols-2 gap-2 md:grid-cols-5">
          <Fact label="Documents ingested" value={ingest.docsOut} testId="summary-docs-out" />
          <Fact label="Rows read" value={ingest.docsIn ?? 0} />
          <Fact label="Bad rows skipped" value={ingest.badRowTotal ?? 0} testId="summary-bad-rows" />
          <Fact label="Duplicate ids renamed" value={ingest.duplicateIds ?? 0} />
          <Fact label="Fields" value={`text: ${ingest.textField}, id: ${ingest.idField ?? "from content"}`} />
        </div>
      )}
      {ingest.badRows && Object.keys(ingest.badRows).length > 0 && (
        <table className="w-full text-xs" data-testid="bad-rows-table">
          <thead className="text-left text-slate-500">
            <tr>
              <th className="py-1">Kind</th>
              <th className="text-right">Rows</th>
              <th className="pl-4">Samples (file:line — message)</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(ingest.badRows).map(([kind, n]) => (
              <tr key={kind} className="border-t border-slate-100 align-top" data-testid={`bad-kind-${kind}`}>
                <td className="py-1 font-mono">{kind}</td>
                <td className="text-right tabular-nums">{n}</td>
                <td className="pl-4">
                  <Samples samples={ingest.samples?.[kind] ?? []} />
                </td>
              </tr>
            ))}
            {(ingest.duplicateIds ?? 0) > 0 && (
              <tr className="border-t border-slate-100 align-top">
                <td className="py-1 font-mono">duplicate_id</td>
                <td className="text-right tabular-nums">{ingest.duplicateIds}</td>
                <td className="pl-4">
                  <Samples samples={ingest.samples?.duplicate_id ?? []} />
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {passRates && <PassRateTable rates={passRates} />}
      {ingest.docsOut === undefined && !passRates && <pre className="overflow-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(summary, null, 2)}</pre>}
    </div>
  );
};

const Fact = ({ label, value, testId }: { label: string; value: string | number; testId?: string }) => (
  <div className="rounded bg-slate-50 px-2 py-1">
    <div className="text-[11px] uppercase text-slate-500">{label}</div>
    <div className="font-medium tabular-nums" data-testid={testId}>
      {typeof value === "number" ? value.toLocaleString("en-US") : value}
    </div>
  </div>
);

const Samples = ({ samples }: { samples: TSample[] }) => (
  <ul className="space-y-0.5">
    {samples.slice(0, 5).map((s, i) => (
      <li key={i}>
        <span className="font-mono text-slate-700">
          {s.file}
          {s.line ? `:${s.line}` : ""}
        </span>{" "}
        — {s.message}
        {s.excerpt && <div className="truncate font-mono text-[11px] text-slate-400">{s.excerpt}</div>}
      </li>
    ))}
    {samples.length > 5 && <li className="text-slate-400">… {samples.length - 5} more in the log</li>}
  </ul>
);

