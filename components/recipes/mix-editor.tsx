"use client";

import { useEffect, useState } from "react";
import { rebalanceMix } from "@/lib/recipes/mix";

/** One slider per group; the sliders stay linked to 100% and a lock keeps a slider fixed. */
export const MixEditor = ({
  corpusId,
  versionId,
  column,
  targets,
  onChange,
}: {
  corpusId: string;
  versionId: string;
  column: string;
  targets: Record<string, number>;
  onChange: (t: Record<string, number>) => void;
}) => {
  const [values, setValues] = useState<string[]>([]);
  const [locked, setLocked] = useState<string[]>([]);
  useEffect(() => {
    fetch(`/api/corpora/${corpusId}/values?column=${encodeURIComponent(column)}&version=${encodeURIComponent(versionId)}`)
      .then((r) => r.json())
      .then((d: { values: { value: string | null }[] }) => setValues(d.values.map((v) => v.value ?? "(none)").slice(0, 20)));
  }, [corpusId, versionId, column]);
  // A new mix starts with equal shares.
  useEffect(() => {
    if (values.length > 0 && Object.keys(targets).length === 0) onChange(Object.fromEntries(values.map((v) => [v, 100 / values.length])));
  }, [values, targets, onChange]);
  const shares = Object.fromEntries(values.map((v) => [v, targets[v] ?? 0]));
  return (
    <div className="space-y-1" data-testid="mix-editor">
      {values.map((v) => (
        <div key={v} className="flex items-center gap-2 text-xs">
          <span className="w-32 truncate font-mono" title={v}>
            {v}
          </span>
          <input
            type="range"
            min={0}
            max={100}
            step={1}
            className="flex-1"
            value={shares[v] ?? 0}
            disabled={locked.includes(v)}
            onChange={(e) => onChange(rebalanceMix(shares, v, Number(e.target.value), locked))}
            data-testid={`mix-slider-${v}`}
          />
          <span className="w-12 text-right tabular-nums" data-testid={`mix-value-${v}`}>
            {(shares[v] ?? 0).toFixed(1)}%
          </span>
          <label className="flex items-center gap-1 text-slate-500">
            <input type="checkbox" checked={locked.includes(v)} onChange={(e) => setLocked(e.target.checked ? [...locked, v] : locked.filter((x) => x !== v))} />
            lock
          </label>
        </div>
      ))}
    </div>
  );
};
