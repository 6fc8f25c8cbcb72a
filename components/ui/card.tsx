import type { ReactNode } from "react";

export const Card = ({ title, children, actions, className = "" }: { title?: ReactNode; children: ReactNode; actions?: ReactNode; className?: string }) => (
  <section className={`rounded-lg border border-slate-200 bg-white ${className}`}>
    {(title || actions) && (
      <header className="flex items-center justify-between border-b border-slate-100 px-4 py-2">
        <h2 className="text-sm font-semibold text-slate-700">{title}</h2>
        {actions}
      </header>
    )}
    <div className="p-4">{children}</div>
  </section>
);

export const Stat = ({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) => (
  <div>
    <div className="text-xs uppercase tracking-wide text-slate-500">{label}</div>
    <div className="text-lg font-semibold tabular-nums" data-testid={testId}>
      {value}
    </div>
  </div>
);

export const StatusBadge = ({ status }: { status: string }) => {
  const color =
    status === "ready" || status === "succeeded"
      ? "bg-emerald-100 text-emerald-800"
      : status === "failed"
        ? "bg-red-100 text-red-800"
        : status === "cancelled"
          ? "bg-slate-200 text-slate-700"
          : "bg-amber-100 text-amber-800";
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${color}`}>{status}</span>;
};

export const ErrorBox = ({ message }: { message: string | null }) =>
  message ? (
    <div role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="error-box">
      {message}
    </div>
  ) : null;
