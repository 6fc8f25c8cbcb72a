import type { ReactNode } from "react";

/** One labelled number or value in a run summary. */
export const Fact = ({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) => (
  <div className="rounded bg-slate-50 px-2 py-1">
    <div className="truncate text-[11px] uppercase text-slate-500" title={label}>
      {label}
    </div>
    <div className="break-all font-medium tabular-nums" data-testid={testId}>
      {typeof value === "number" ? value.toLocaleString("en-US") : value}
    </div>
  </div>
);
