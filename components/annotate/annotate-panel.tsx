"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorBox } from "@/components/ui/card";
import { apiError, formatDuration, formatInt } from "@/components/ui/format";
import { ModelPicker, type TModelChoice } from "@/components/annotate/model-picker";
import { classifierKey } from "@/lib/classifiers/classifier-key";

type TAnnotatorInfo = {
  id: string;
  title: string;
  description: string;
  defaults: Record<string, unknown>;
  columns: { name: string }[];
  configJsonSchema?: { properties?: Record<string, { enum?: unknown[]; description?: string }> };
  /** Set for annotators that read a trained model: its kind and the config key holding the model id. */
  model: { kind: string; configKey: string } | null;
};
type TEstimate = { docs: number; sampleDocs: number; docsPerSecond: number | null; estimatedSeconds: number; workers: number; untimed?: string[] };
type TEndpointOption = { id: string; name: string; kind: string; model: string };


/** Pick annotators, edit their thresholds, see a measured time estimate, and launch the run. */
export const AnnotatePanel = ({ corpusId, versionId, onClose }: { corpusId: string; versionId?: string; onClose: () => void }) => {
  const router = useRouter();
  const [annotators, setAnnotators] = useState<TAnnotatorInfo[]>([]);
  const [chosen, setChosen] = useState<Record<string, Record<string, unknown>>>({});
  const [open, setOpen] = useState<string | null>(null);
  const [estimate, setEstimate] = useState<TEstimate | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const [endpoints, setEndpoints] = useState<TEndpointOption[]>([]);

  useEffect(() => {
    fetch("/api/annotators")
      .then((r) => r.json())
      .then((d: { annotators: TAnnotatorInfo[] }) => setAnnotators(d.annotators))
      .catch((e) => setError((e as Error).message));
    // For model-backed annotators (their config has an `endpointId`).
    fetch("/api/endpoints")
      .then((r) => r.json())
      .then((d: { endpoints: TEndpointOption[] }) => setEndpoints(d.endpoints))
      .catch(() => setEndpoints([]));
  }, []);

  const body = () => ({ corpusId, versionId, annotators: Object.entries(chosen).map(([id, config]) => ({ id, config })) });
  const post = async (url: string) => {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body()) });
    if (!res.ok) throw new Error(await apiError(res));
    return res.json();
  };
  const runEstimate = async () => {
    setBusy(true);
    setError(null);
    try {
      setEstimate((await post("/api/annotate/estimate")) as TEstimate);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const launch = async () => {
    setBusy(true);
    setError(null);
    try {
      const { runId } = (await post("/api/annotate")) as { runId: string };
      router.push(`/runs/${runId}`);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  const toggle = (a: TAnnotatorInfo) => {
    setEstimate(null);
    setChosen((c) => {
      const next = { ...c };
      if (next[a.id]) delete next[a.id];
      else next[a.id] = "endpointId" in a.defaults && !a.defaults.endpointId && endpoints[0] ? { ...a.defaults, endpointId: endpoints[0].id } : { ...a.defaults };
      return next;
    });
    // An annotator that needs an endpoint or a model chosen shows its settings right away.
    if (!chosen[a.id] && ("endpointId" in a.defaults || a.model)) setOpen(a.id);
  };
  const setValue = (id: string, key: string, value: unknown) => {
    setEstimate(null);
    setChosen((c) => ({ ...c, [id]: { ...c[id], [key]: value } }));
  };
  /** A picked model also fills the keys that describe it: the positive label and a column key. */
  const pickModel = (a: TAnnotatorInfo, value: string, model?: TModelChoice) => {
    setEstimate(null);
    setChosen((c) => {
      const cfg: Record<string, unknown> = { ...c[a.id], [a.model!.configKey]: value };
      if (model && "positive_label" in a.defaults && model.config.labels?.length) cfg.positive_label = model.config.labels[0];
      if (model && "key" in a.defaults) cfg.key = classifierKey(model.name);
      return { ...c, [a.id]: cfg };
    });
  };

  return (
    <div className="fixed inset-0 z-40 flex items-start justify-center overflow-auto bg-black/30 p-8" data-testid="annotate-panel">
      <div className="w-full max-w-3xl rounded-lg bg-white shadow-xl">
        <header className="flex items-center justify-between border-b border-slate-200 px-4 py-3">
          <h2 className="font-semibold">Annotate this corpus</h2>
          <button className="text-lg" onClick={onClose} aria-label="Close">
            ×
          </button>
        </header>
        <div className="max-h-[65vh] space-y-2 overflow-auto p-4">
          {annotators.map((a) => (
            <div key={a.id} className="rounded border border-slate-200">
              <div className="flex items-start gap-3 p-2">
                <input type="checkbox" className="mt-1" checked={Boolean(chosen[a.id])} onChange={() => toggle(a)} data-testid={`annotator-${a.id}`} />
                <div className="flex-1">
                  <div className="text-sm font-medium">
                    {a.title} <span className="font-mono text-xs text-slate-500">{a.id}</span>
                  </div>
                  <div className="text-xs text-slate-600">{a.description}</div>
                  <div className="mt-1 text-[11px] text-slate-400">{a.columns.length} columns</div>
                </div>
                {chosen[a.id] && Object.keys(a.defaults).length > 0 && (
                  <button className="text-xs text-blue-700 hover:underline" onClick={() => setOpen(open === a.id ? null : a.id)}>
                    {open === a.id ? "hide settings" : "settings"}
                  </button>
                )}
              </div>
              {chosen[a.id] && open === a.id && (
                <div className="grid grid-cols-2 gap-2 border-t border-slate-100 p-2 md:grid-cols-3">
                  {Object.entries(a.defaults).map(([key, def]) => (
                    <label key={key} className={`text-xs ${a.model && key === a.model.configKey ? "col-span-full" : ""}`}>
                      <span className="block font-mono text-slate-600">{key}</span>
                      {a.model && key === a.model.configKey ? (
                        <ModelPicker kind={a.model.kind} value={String(chosen[a.id][key] ?? "")} onChange={(v, m) => pickModel(a, v, m)} allowPath={a.model.kind === "fasttext"} testId={`config-${a.id}-${key}`} />
                      ) : key === "endpointId" ? (
                        <select className="w-full rounded border border-slate-300 px-1.5 py-0.5" value={String(chosen[a.id][key] ?? "")} onChange={(e) => setValue(a.id, key, e.target.value)} data-testid={`config-${a.id}-${key}`}>
                          <option value="">{endpoints.length === 0 ? "no endpoints (Settings)" : "choose an endpoint"}</option>
                          {endpoints.map((ep) => (
                            <option key={ep.id} value={ep.id}>
                              {ep.name} ({ep.kind}{ep.model ? `, ${ep.model}` : ""})
                            </option>
                          ))}
                        </select>
                      ) : a.configJsonSchema?.properties?.[key]?.enum ? (
                        <select className="w-full rounded border border-slate-300 px-1.5 py-0.5" value={String(chosen[a.id][key] ?? "")} onChange={(e) => setValue(a.id, key, e.target.value)} data-testid={`config-${a.id}-${key}`}>
                          {a.configJsonSchema.properties[key].enum!.map((v) => (
                            <option key={String(v)} value={String(v)}>
                              {String(v)}
                            </option>
                          ))}
                        </select>
                      ) : typeof def === "boolean" ? (
                        <input type="checkbox" checked={Boolean(chosen[a.id][key])} onChange={(e) => setValue(a.id, key, e.target.checked)} />
                      ) : (
                        <input
                          className="w-full rounded border border-slate-300 px-1.5 py-0.5"
                          value={String(chosen[a.id][key] ?? "")}
                          onChange={(e) => setValue(a.id, key, typeof def === "number" ? (e.target.value === "" ? "" : Number(e.target.value)) : e.target.value)}
                          data-testid={`config-${a.id}-${key}`}
                        />
                      )}
                    </label>
                  ))}
                </div>
              )}
            </div>
          ))}
        </div>
        <footer className="space-y-2 border-t border-slate-200 px-4 py-3">
          <ErrorBox message={error} />
          {estimate && (
            <p className="text-sm text-slate-700" data-testid="annotate-estimate">
              About <strong>{formatDuration(estimate.estimatedSeconds * 1000)}</strong> for {formatInt(estimate.docs)} documents on {estimate.workers} worker
              {estimate.workers === 1 ? "" : "s"} ({estimate.docsPerSecond ? `${formatInt(estimate.docsPerSecond)} docs/s` : "—"} per worker, measured on {estimate.sampleDocs} sampled
              documents).
              {estimate.untimed && estimate.untimed.length > 0 && ` Not timed (model calls): ${estimate.untimed.join(", ")}.`}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <Button onClick={runEstimate} disabled={busy || Object.keys(chosen).length === 0} data-testid="annotate-estimate-button">
              Estimate time
            </Button>
            <Button variant="primary" onClick={launch} disabled={busy || Object.keys(chosen).length === 0} data-testid="annotate-launch">
              Launch
            </Button>
          </div>
        </footer>
      </div>
    </div>
  );
};
