/** A run's progress: a bar coloured by status and the percentage; indeterminate while the total is unknown. */
export const ProgressBar = ({ fraction, status, wide = false }: { fraction: number | null; status: string; wide?: boolean }) => {
  const pct = fraction === null ? null : Math.round(fraction * 1000) / 10;
  const color = status === "failed" ? "bg-red-500" : status === "cancelled" ? "bg-slate-400" : status === "succeeded" ? "bg-emerald-500" : "bg-blue-600";
  return (
    <div className="flex items-center gap-2" data-testid="run-progress" data-fraction={fraction ?? ""}>
      <div className={`h-2 rounded bg-slate-200 ${wide ? "w-full min-w-32" : "w-32"}`}>
        <div className={`h-2 rounded ${color} ${pct === null && status === "running" ? "animate-pulse" : ""}`} style={{ width: `${pct ?? (status === "running" ? 100 : 0)}%` }} />
      </div>
      <span className="w-12 shrink-0 text-xs tabular-nums text-slate-600">{pct === null ? "" : `${pct}%`}</span>
    </div>
  );
};
