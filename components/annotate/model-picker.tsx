"use client";

import { useEffect, useState } from "react";

export type TModelChoice = { id: string; name: string; kind: string; config: { labels?: string[] }; metrics: Record<string, unknown> };

/** Pick a ready model of one kind (trained in the studio or registered), or type a model file path. */
export const ModelPicker = ({ kind, value, onChange, allowPath, testId }: { kind: string; value: string; onChange: (v: string, model?: TModelChoice) => void; allowPath: boolean; testId?: string }) => {
  const [models, setModels] = useState<TModelChoice[]>([]);
  useEffect(() => {
    fetch(`/api/models?kind=${encodeURIComponent(kind)}&status=ready`)
      .then((r) => r.json())
      .then((d: { models: TModelChoice[] }) => setModels(d.models))
      .catch(() => setModels([]));
  }, [kind]);
  const isModel = models.some((m) => m.id === value);
  return (
    <div className="flex flex-wrap gap-1">
      <select
        className="rounded border border-slate-300 px-1.5 py-0.5"
        value={isModel ? value : ""}
        onChange={(e) =>
          onChange(
            e.target.value,
            models.find((m) => m.id === e.target.value),
          )
        }
        data-testid={testId}
      >
        <option value="">{models.length ? "choose a model…" : `no ${kind} models yet`}</option>
        {models.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name} ({m.id})
          </option>
        ))}
      </select>
      {allowPath && (
        <input
          className="min-w-48 flex-1 rounded border border-slate-300 px-1.5 py-0.5"
          placeholder="or a .bin / .ftz path"
          value={isModel ? "" : value}
          onChange={(e) => onChange(e.target.value)}
          data-testid={testId ? `${testId}-path` : undefined}
        />
      )}
    </div>
  );
};
