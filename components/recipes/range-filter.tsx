"use client";

import type { THist } from "@/components/recipes/types";
import { formatNumber } from "@/components/ui/format";

/** Two range sliders over a column's range, with the column's histogram drawn behind them. */
export const RangeFilter = ({ hist, min, max, onChange, onRemove }: { hist: THist; min: number | null; max: number | null; onChange: (min: number | null, max: number | null) => void; onRemove: () => void }) => {
  const lo = min ?? hist.min;
  const hi = max ?? hist.max;
  const step = hist.max > hist.min ? (hist.max - hist.min) / 200 : 1;
  const peak = Math.max(1, ...hist.bins.map((b) => b.count));
  return (
    <div className="rounded border border-slate-200 p-2" data-testid={`range-filter-${hist.column}`}>
      <div className="flex justify-between text-xs">
        <span className="font-mono">{hist.column}</span>
        <button className="text-slate-400 hover:text-red-600" onClick={onRemove} aria-label="Remove filter">
          ×
        </button>
      </div>
      <div className="relative mt-1 h-10">
        <div className="absolute inset-x-0 bottom-0 flex h-8 items-end gap-px">
          {hist.bins.map((b, i) => (
            <div key={i} className={b.hi < lo || b.lo > hi ? "flex-1 bg-slate-200" : "flex-1 bg-blue-400"} style={{ height: `${(b.count / peak) * 100}%` }} />
          ))}
        </div>
      </div>
      <input type="range" className="w-full" min={hist.min} max={hist.max} step={step} value={lo} onChange={(e) => onChange(Math.min(Number(e.target.value), hi), max)} data-testid={`range-min-${hist.column}`} />
      <input type="range" className="w-full" min={hist.min} max={hist.max} step={step} value={hi} onChange={(e) => onChange(min, Math.max(Number(e.target.value), lo))} data-testid={`range-max-${hist.column}`} />
      <div className="flex justify-between text-[11px] text-slate-500">
        <span>≥ {formatNumber(lo)}</span>
        <span>≤ {formatNumber(hi)}</span>
      </div>
    </div>
  );
};
