"use client";

import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis } from "recharts";
import type { THistogram } from "@/lib/corpora/corpus-overview";
import { formatValue } from "@/components/corpora/format-value";

/** A small histogram per numeric column (document metadata and annotations). */
export const HistogramGrid = ({ histograms }: { histograms: THistogram[] }) => {
  if (histograms.length === 0) return <p className="text-sm text-slate-500">No numeric columns yet. Run annotators to see their distributions.</p>;
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4" data-testid="histograms">
      {histograms.map((h) => (
        <div key={h.column} className="rounded border border-slate-100 p-2">
          <div className="flex justify-between text-xs">
            <span className="truncate font-mono font-medium" title={h.column}>
              {h.column}
            </span>
            <span className="text-slate-500">mean {formatValue(h.mean)}</span>
          </div>
          <div className="h-24">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={h.bins.map((b) => ({ x: formatValue(b.lo), count: b.count, range: `${formatValue(b.lo)} – ${formatValue(b.hi)}` }))}>
                <XAxis dataKey="x" hide />
                <Tooltip formatter={(v) => [v, "docs"]} labelFormatter={(_, p) => (p?.[0]?.payload as { range?: string })?.range ?? ""} />
                <Bar dataKey="count" fill="#64748b" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <div className="flex justify-between text-[10px] text-slate-500">
            <span>{formatValue(h.min)}</span>
            {h.nulls > 0 && <span>{h.nulls} null</span>}
            <span>{formatValue(h.max)}</span>
          </div>
        </div>
      ))}
    </div>
  );
};
