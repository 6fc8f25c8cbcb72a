"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { ChoiceRow } from "@/components/ui/choice-row";
import { Modal } from "@/components/ui/modal";
import { FieldErrorsNote, NumericInput, useFieldErrors } from "@/components/ui/numeric-input";
import { boundsFromJsonSchema, isNumberJsonSchema } from "@/lib/forms/number-text";
import { useLaunchRun } from "@/components/ui/use-launch-run";

type TJsonSchema = Parameters<typeof boundsFromJsonSchema>[0];
type TObjectSchema = { properties?: Record<string, TJsonSchema> };
type TRuleInfo = { id: string; title: string; description: string; level: "doc" | "chunk"; defaults: Record<string, unknown>; configJsonSchema?: TObjectSchema };
type TAcceptance = { threshold1: number; threshold2: number; errorOp: number; shortDocWords: number | null };

const PROX_ACCEPTANCE: TAcceptance = { threshold1: 0, threshold2: 0.95, errorOp: 2, shortDocWords: 10 };

/** Rules checked when the panel opens: the e-mail cleaners and whitespace normalisation. */
const DEFAULT_RULES = ["email_headers", "quoted_replies", "signatures", "mailing_list_footers", "normalize_whitespace"];

type TProps = { corpusId: string; versionId?: string; booleanColumns: string[]; onClose: () => void };

/** One editable setting of a rule, by the type of its default. */
const Setting = ({
  ruleId,
  name,
  value,
  def,
  schema,
  booleanColumns,
  onChange,
  onError,
}: {
  ruleId: string;
  name: string;
  value: unknown;
  def: unknown;
  schema: TJsonSchema;
  booleanColumns: string[];
  onChange: (v: unknown) => void;
  onError: (e: string | null) => void;
}) => {
  if (Array.isArray(def)) {
    const chosen = new Set(Array.isArray(value) ? (value as string[]) : []);
    return (
      <div className="col-span-full text-xs">
        <span className="block font-mono text-slate-600">{name}</span>
        {booleanColumns.length === 0 ? (
          <p className="text-amber-700">No boolean annotation columns on this version yet: annotate it first (gopher_quality, c4, fineweb, exact_dedup, minhash_dedup).</p>
        ) : (
          <div className="flex flex-wrap gap-3">
            {booleanColumns.map((c) => (
              <label key={c} className="flex items-center gap-1 font-mono">
                <input
                  type="checkbox"
                  checked={chosen.has(c)}
                  onChange={(e) => onChange(e.target.checked ? [...chosen, c] : [...chosen].filter((x) => x !== c))}
                  data-testid={`rule-${ruleId}-${name}-${c}`}
                />
                {c}
              </label>
            ))}
          </div>
        )}
      </div>
    );
  }
  return (
    <label className="text-xs">
      <span className="block font-mono text-slate-600">{name}</span>
      {typeof def === "boolean" ? (
        <input type="checkbox" checked={Boolean(value)} onChange={(e) => onChange(e.target.checked)} data-testid={`rule-${ruleId}-${name}`} />
      ) : typeof def === "number" || isNumberJsonSchema(schema) ? (
        <NumericInput value={typeof value === "number" ? value : null} onChange={onChange} bounds={boundsFromJsonSchema(schema)} onError={onError} testId={`rule-${ruleId}-${name}`} />
      ) : (
        <input className="w-full rounded border border-slate-300 px-1.5 py-0.5" value={String(value ?? "")} onChange={(e) => onChange(e.target.value)} data-testid={`rule-${ruleId}-${name}`} />
      )}
    </label>
  );
};

/** Pick rules (each with its settings) and/or the refining LM, set the ProX acceptance rule, and launch a refinement run. */
export const RefinePanel = ({ corpusId, versionId, booleanColumns, onClose }: TProps) => {
  const [rules, setRules] = useState<TRuleInfo[]>([]);
  const [chosen, setChosen] = useState<Record<string, Record<string, unknown>>>({});
  const [open, setOpen] = useState<string | null>(null);
  const [acceptance, setAcceptance] = useState<TAcceptance>(PROX_ACCEPTANCE);
  const [acceptanceSchema, setAcceptanceSchema] = useState<TObjectSchema | null>(null);
  const fields = useFieldErrors();
  const [lm, setLm] = useState<{ on: boolean; endpointId: string; stage: "doc" | "chunk" | "both" }>({ on: false, endpointId: "", stage: "both" });
  const { launch, busy, error, setError } = useLaunchRun();

  useEffect(() => {
    fetch("/api/refine/rules")
      .then((r) => r.json())
      .then((d: { rules: TRuleInfo[]; acceptanceJsonSchema: TObjectSchema }) => {
        setRules(d.rules);
        setAcceptanceSchema(d.acceptanceJsonSchema);
        setChosen(Object.fromEntries(d.rules.filter((r) => DEFAULT_RULES.includes(r.id)).map((r) => [r.id, { ...r.defaults }])));
      })
      .catch((e) => setError((e as Error).message));
  }, [setError]);

  const toggle = (r: TRuleInfo) => {
    if (chosen[r.id]) for (const key of Object.keys(r.defaults)) fields.report(`${r.id}.${key}`, null);
    setChosen((c) => {
      const next = { ...c };
      if (next[r.id]) delete next[r.id];
      else next[r.id] = r.id === "drop_failing" ? { ...r.defaults, columns: booleanColumns.filter((x) => (r.defaults.columns as string[]).includes(x)) } : { ...r.defaults };
      return next;
    });
  };
  const chunkLevel = rules.some((r) => chosen[r.id] && r.level === "chunk") || (lm.on && lm.stage !== "doc");
  const nothing = Object.keys(chosen).length === 0 && !lm.on;

  const refine = () =>
    launch("/api/refine", {
      corpusId,
      versionId,
      rules: rules.filter((r) => chosen[r.id]).map((r) => ({ id: r.id, config: chosen[r.id] })),
      lm: lm.on ? { endpointId: lm.endpointId, stage: lm.stage } : undefined,
      acceptance,
    });

  // The fields wait for the server's schema: their bounds come from it.
  const acceptanceField = (key: keyof TAcceptance, label: string) => (
    <label className="text-xs">
      <span className="block text-slate-600">{label}</span>
      {acceptanceSchema && (
        <NumericInput
          value={acceptance[key]}
          onChange={(v) => setAcceptance((a) => ({ ...a, [key]: v }))}
          bounds={boundsFromJsonSchema(acceptanceSchema.properties?.[key])}
          onError={(e) => fields.report(`acceptance.${key}`, e)}
          placeholder={key === "shortDocWords" ? "off" : undefined}
          testId={`acceptance-${key}`}
        />
      )}
    </label>
  );

  return (
    <Modal
      title="Refine this version"
      subtitle="Each source writes a ProX program per document; one executor runs it. The result is a new version of this corpus; this one stays as it is."
      onClose={onClose}
      testId="refine-panel"
      error={error}
      footer={
        <>
          <FieldErrorsNote summary={fields.summary} testId="refine-errors" />
          <div className="flex justify-end gap-2">
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="primary" onClick={refine} disabled={busy || nothing || fields.invalid} data-testid="refine-launch">
              Launch refinement
            </Button>
          </div>
        </>
      }
    >
      <div className="space-y-2">
        <h3 className="text-xs font-semibold uppercase text-slate-500">Rule programs</h3>
        {rules.map((r) => (
          <ChoiceRow
            key={r.id}
            id={r.id}
            title={r.title}
            description={r.description}
            tag={<span className="ml-2 rounded bg-slate-100 px-1 text-[10px] uppercase text-slate-500">{r.level === "doc" ? "drop / keep" : "edits lines"}</span>}
            checked={Boolean(chosen[r.id])}
            onToggle={() => toggle(r)}
            testId={`rule-${r.id}`}
            onToggleSettings={Object.keys(r.defaults).length > 0 ? () => setOpen(open === r.id ? null : r.id) : undefined}
            settingsOpen={open === r.id}
            settingsTestId={`rule-settings-${r.id}`}
            settings={
              chosen[r.id] &&
              (open === r.id || (r.id === "drop_failing" && (chosen[r.id].columns as string[]).length === 0)) &&
              Object.entries(r.defaults).map(([key, def]) => (
                <Setting
                  key={key}
                  ruleId={r.id}
                  name={key}
                  def={def}
                  value={chosen[r.id][key]}
                  schema={r.configJsonSchema?.properties?.[key]}
                  booleanColumns={booleanColumns}
                  onChange={(v) => setChosen((c) => ({ ...c, [r.id]: { ...c[r.id], [key]: v } }))}
                  onError={(e) => fields.report(`${r.id}.${key}`, e)}
                />
              ))
            }
          />
        ))}
        <h3 className="pt-2 text-xs font-semibold uppercase text-slate-500">Refining LM</h3>
        <div className="rounded border border-slate-200 p-2 text-sm">
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={lm.on} onChange={(e) => setLm({ ...lm, on: e.target.checked })} data-testid="refine-lm" />
            ProX refining model(s) on an inference endpoint (document prompt: the raw text; chunk prompt: numbered lines in 1500-token chunks)
          </label>
          {lm.on && (
            <div className="mt-2 grid grid-cols-2 gap-2">
              <label className="text-xs">
                <span className="block text-slate-600">Endpoint id</span>
                <input className="w-full rounded border border-slate-300 px-1.5 py-0.5 font-mono" value={lm.endpointId} onChange={(e) => setLm({ ...lm, endpointId: e.target.value })} data-testid="refine-lm-endpoint" />
              </label>
              <label className="text-xs">
                <span className="block text-slate-600">Stage</span>
                <select className="w-full rounded border border-slate-300 px-1.5 py-0.5" value={lm.stage} onChange={(e) => setLm({ ...lm, stage: e.target.value as typeof lm.stage })}>
                  <option value="both">document, then chunks</option>
                  <option value="doc">document only (drop / keep)</option>
                  <option value="chunk">chunks only (line edits)</option>
                </select>
              </label>
            </div>
          )}
        </div>
        <h3 className="pt-2 text-xs font-semibold uppercase text-slate-500">Acceptance rule (ProX execute_meta_operations)</h3>
        <div className={`grid grid-cols-2 gap-2 rounded border border-slate-200 p-2 md:grid-cols-4 ${chunkLevel ? "" : "opacity-50"}`}>
          {acceptanceField("threshold2", "drop if words kept ≤ 1 − threshold2")}
          {acceptanceField("threshold1", "ignore program if words kept < threshold1")}
          {acceptanceField("errorOp", "ignore program at this many errors")}
          {acceptanceField("shortDocWords", "drop if ≤ this many words (empty: off)")}
          <p className="col-span-full text-[11px] text-slate-500">
            {chunkLevel ? "Applies: a chosen source edits lines." : "Not applied: only drop/keep sources are chosen (any program error then leaves the document unchanged)."}
          </p>
        </div>
      </div>
    </Modal>
  );
};
