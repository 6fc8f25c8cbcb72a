"use client";

import { useEffect, useState } from "react";
import { postJson } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { ChoiceRow } from "@/components/ui/choice-row";
import { formatDuration, formatInt } from "@/components/ui/format";
import { Modal } from "@/components/ui/modal";
import { FieldErrorsNote, NumericInput, useFieldErrors } from "@/components/ui/numeric-input";
import { useLaunchRun } from "@/components/ui/use-launch-run";
import { ModelPicker, type TModelChoice } from "@/components/annotate/model-picker";
import { classifierKey } from "@/lib/classifiers/classifier-key";
import { boundsFromJsonSchema, isNumberJsonSchema, type TNumberBounds } from "@/lib/forms/number-text";

type TAnnotatorInfo = {
  id: string;
  title: string;
  description: string;
  defaults: Record<string, unknown>;
  columns: { name: string }[];
  configJsonSchema?: { properties?: Record<string, { enum?: unknown[]; description?: string } & Parameters<typeof boundsFromJsonSchema>[0]> };
  /** Set for annotators that read a trained model: its kind and the config key holding the model id. */
  model: { kind: string; configKey: string } | null;
};
type TEstimate = { docs: number; sampleDocs: number; docsPerSecond: number | null; estimatedSeconds: number; workers: number; untimed?: string[] };
type TEndpointOption = { id: string; name: string; kind: string; model: string };

/** Pick annotators, edit their thresholds, see a measured time estimate, and launch the run. */
export const AnnotatePanel = ({ corpusId, versionId, onClose }: { corpusId: string; versionId?: string; onClose: () => void }) => {
  const [annotators, setAnnotators] = useState<TAnnotatorInfo[]>([]);
  const [chosen, setChosen] = useState<Record<string, Record<string, unknown>>>({});
  const [open, setOpen] = useState<string | null>(null);
  const [estimate, setEstimate] = useState<TEstimate | null>(null);
  const { launch, request, busy, error, setError } = useLaunchRun();
  const [endpoints, setEndpoints] = useState<TEndpointOption[]>([]);
  const fields = useFieldErrors();
  const boundsOf = (a: TAnnotatorInfo, key: string): TNumberBounds => boundsFromJsonSchema(a.configJsonSchema?.properties?.[key]);

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
  }, [setError]);

  const body = () => ({ corpusId, versionId, annotators: Object.entries(chosen).map(([id, config]) => ({ id, config })) });
  const runEstimate = async () => {
    const found = await request(() => postJson<TEstimate>("/api/annotate/estimate", body()));
    if (found) setEstimate(found);
  };
  const toggle = (a: TAnnotatorInfo) => {
    setEstimate(null);
    if (chosen[a.id]) for (const key of Object.keys(a.defaults)) fields.report(`${a.id}.${key}`, null);
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
    <Modal
      title="Annotate this corpus"
      onClose={onClose}
      testId="annotate-panel"
      error={error}
      footer={
        <>
          {estimate && (
            <p className="text-sm text-slate-700" data-testid="annotate-estimate">
              About <strong>{formatDuration(estimate.estimatedSeconds * 1000)}</strong> for {formatInt(estimate.docs)} documents on {estimate.workers} worker
              {estimate.workers === 1 ? "" : "s"} ({estimate.docsPerSecond ? `${formatInt(estimate.docsPerSecond)} docs/s` : "—"} per worker, measured on {estimate.sampleDocs} sampled
              documents).
              {estimate.untimed && estimate.untimed.length > 0 && ` Not timed (model calls): ${estimate.untimed.join(", ")}.`}
            </p>
          )}
          <FieldErrorsNote summary={fields.summary} testId="annotate-errors" />
          <div className="flex justify-end gap-2">
            <Button onClick={runEstimate} disabled={busy || fields.invalid || Object.keys(chosen).length === 0} data-testid="annotate-estimate-button">
              Estimate time
            </Button>
            <Button variant="primary" onClick={() => void launch("/api/annotate", body())} disabled={busy || fields.invalid || Object.keys(chosen).length === 0} data-testid="annotate-launch">
              Launch
            </Button>
          </div>
        </>
      }
    >
      <div className="space-y-2">
        {annotators.map((a) => (
          <ChoiceRow
            key={a.id}
            id={a.id}
            title={a.title}
            description={a.description}
            note={<div className="mt-1 text-[11px] text-slate-400">{a.columns.length} columns</div>}
            checked={Boolean(chosen[a.id])}
            onToggle={() => toggle(a)}
            testId={`annotator-${a.id}`}
            settingsTestId={`annotator-settings-${a.id}`}
            onToggleSettings={Object.keys(a.defaults).length > 0 ? () => setOpen(open === a.id ? null : a.id) : undefined}
            settingsOpen={open === a.id}
            settings={
              chosen[a.id] &&
              open === a.id &&
              Object.entries(a.defaults).map(([key, def]) => (
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
                  ) : typeof def === "number" || isNumberJsonSchema(a.configJsonSchema?.properties?.[key]) ? (
                    <NumericInput
                      value={typeof chosen[a.id][key] === "number" ? (chosen[a.id][key] as number) : null}
                      onChange={(v) => setValue(a.id, key, v)}
                      bounds={boundsOf(a, key)}
                      onError={(e) => fields.report(`${a.id}.${key}`, e)}
                      // A threshold left empty (null) takes the value of the annotator's preset (rule annotators).
                      placeholder={def === null ? "preset's value" : undefined}
                      testId={`config-${a.id}-${key}`}
                    />
                  ) : (
                    <input
                      className="w-full rounded border border-slate-300 px-1.5 py-0.5"
                      value={String(chosen[a.id][key] ?? "")}
                      onChange={(e) => setValue(a.id, key, e.target.value)}
                      data-testid={`config-${a.id}-${key}`}
                    />
                  )}
                </label>
              ))
            }
          />
        ))}
      </div>
    </Modal>
  );
};
