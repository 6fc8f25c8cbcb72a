"use client";

import { useEffect, useState } from "react";

export type TModelChoice = {
  id: string;
  name: string;
  kind: string;
  config: { labels?: string[]; order?: number };
  metrics: { heldout?: { perplexity?: number | null; auc?: number | null }; [key: string]: unknown };
};

/** `name · order 5 · held-out ppl 433 · mdl_…`: what tells one trained model from another. */
const labelOf = (m: TModelChoice): string => {
  const ppl = m.metrics.heldout?.perplexity;
  const auc = m.metrics.heldout?.auc;
  return [m.name, m.config.order ? `order ${m.config.order}` : null, typeof ppl === "number" ? `held-out ppl ${ppl.toFixed(0)}` : null, typeof auc === "number" ? `held-out AUC ${auc.toFixed(3)}` : null, m.id]
    .filter(Boolean)
    .join(" · ");
};

/** Pick a ready model of one kind (trained in the studio or registered), or type a model file path. */
export const ModelPicker = ({ kind, value, onChange, allowPath, testId }: { kind: string; value: string; onChange: (v: string, model?: TModelChoice) => void; allowPath: boolean; testId?: string }) => {
  const [models, setModels] = useState<TModelChoice[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetch(`/api/models?kind=${encodeURIComponent(kind)}&status=ready`)
      .then((r) => r.json())
      .then((d: { models: TModelChoice[] }) => setModels(d.models))
      .catch((e) => {
        setModels([]);
        setError((e as Error).message);
      });
  }, [kind]);
  const isModel = (models ?? []).some((m) => m.id === value);
  return (
    <div className="flex flex-wrap gap-1">
      <select
        className="rounded border border-slate-300 px-1.5 py-0.5"
        value={isModel ? value : ""}
        onChange={(e) =>
          onChange(
            e.target.value,
            (models ?? []).find((m) => m.id === e.target.value),
          )
        }
        data-testid={testId}
      >
        <option value="">{models === null ? "loading…" : models.length ? "choose a model…" : `no trained ${kind} model yet`}</option>
        {(models ?? []).map((m) => (
          <option key={m.id} value={m.id}>
            {labelOf(m)}
          </option>
        ))}
      </select>
      {allowPath && (
        <input
          className="min-w-48 flex-1 rounded border border-slate-300 px-1.5 py-0.5"
          placeholder={kind === "fasttext" ? "or a .bin / .ftz path" : "or a model file path"}
          value={isModel ? "" : value}
          onChange={(e) => onChange(e.target.value)}
          data-testid={testId ? `${testId}-path` : undefined}
        />
      )}
      {error && <span className="text-red-700">{error}</span>}
    </div>
  );
};
