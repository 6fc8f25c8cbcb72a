export type TSample = { file?: string; line: number | null; message: string; excerpt?: string };

const SHOWN = 5;

const SampleItem = ({ s }: { s: TSample }) => (
  <li>
    <span className="font-mono text-slate-700">
      {s.file ?? "line"}
      {s.line ? `:${s.line}` : ""}
    </span>{" "}
    — {s.message}
    {s.excerpt && <div className="truncate font-mono text-[11px] text-slate-400" title={s.excerpt}>{s.excerpt}</div>}
  </li>
);

/** Sampled bad rows of one kind: the first few, the rest folded, and how many were not sampled. */
export const BadRowSamples = ({ samples, total }: { samples: TSample[]; total: number }) => {
  if (samples.length === 0) return <span className="text-slate-400">no samples</span>;
  const more = samples.slice(SHOWN);
  return (
    <ul className="space-y-0.5">
      {samples.slice(0, SHOWN).map((s, i) => (
        <SampleItem key={i} s={s} />
      ))}
      {more.length > 0 && (
        <li>
          <details>
            <summary className="cursor-pointer text-slate-500">{more.length} more sampled</summary>
            <ul className="space-y-0.5">
              {more.map((s, i) => (
                <SampleItem key={i} s={s} />
              ))}
            </ul>
          </details>
        </li>
      )}
      {total > samples.length && <li className="text-slate-400">{(total - samples.length).toLocaleString("en-US")} more not sampled (all are in the log)</li>}
    </ul>
  );
};
