"use client";

import { useEffect, useState } from "react";

type TModelInfo = { id: string; name: string; createdAt: number; metrics: { heldout?: { perplexity?: number | null }; order?: number } };

/** A select of the ready models of one kind (GET /api/models), for annotators that read a trained model. */
export const ModelPicker = ({ kind, value, onChange, testId }: { kind: string; value: string; onChange: (id: string) => void; testId?: string }) => {
  const [models, setModels] = useState<TModelInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetch(`/api/models?kind=${encodeURIComponent(kind)}&status=ready`)
      .then((r) => r.json())
      .then((d: { models: TModelInfo[] }) => setModels(d.models))
      .catch((e) => setError((e as Error).message));
  }, [kind]);
  const label = (m: TModelInfo) => {
    const ppl = m.metrics.heldout?.perplexity;
    return `${m.name}${m.metrics.order ? ` · order ${m.metrics.order}` : ""}${typeof ppl === "number" ? ` · held-out ppl ${ppl.toFixed(0)}` : ""} · ${m.id}`;
  };
  return (
    <label className="mt-1 block text-xs">
      <span className="mr-2 text-slate-600">Model</span>
      <select className="rounded border border-slate-300 px-1.5 py-0.5" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">{models === null ? "loading…" : models.length === 0 ? `no trained ${kind} model yet` : "choose a trained model…"}</option>
        {(models ?? []).map((m) => (
          <option key={m.id} value={m.id}>
            {label(m)}
          </option>
        ))}
      </select>
      {error && <span className="ml-2 text-red-700">{error}</span>}
    </label>
  );
};
