"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { TEndpointView } from "@/lib/inference/endpoint-schema";

type TKind = TEndpointView["kind"];

export const KIND_LABELS: Record<TKind, string> = {
  openai: "OpenAI-compatible server (vLLM, llama.cpp, Ollama, TGI Messages API)",
  tgi: "TGI native /generate (raw prompts, e.g. a served DataMan model)",
  hf_endpoint: "Hugging Face Inference Endpoint (dedicated URL)",
  hf_provider: "Hugging Face Inference Providers (model id + provider)",
};

/** Form values as typed; numbers stay strings until saved. */
type TDraft = {
  name: string;
  kind: TKind;
  baseUrl: string;
  model: string;
  provider: string;
  token: string;
  clearToken: boolean;
  concurrency: string;
  requestsPerSecond: string;
  timeoutMs: string;
  maxInputTokens: string;
  priceInPerM: string;
  priceOutPerM: string;
};

const draftOf = (e?: TEndpointView): TDraft => ({
  name: e?.name ?? "",
  kind: e?.kind ?? "openai",
  baseUrl: e?.baseUrl ?? "",
  model: e?.model ?? "",
  provider: e?.provider ?? "auto",
  token: "",
  clearToken: false,
  concurrency: String(e?.concurrency ?? 8),
  requestsPerSecond: String(e?.requestsPerSecond ?? 0),
  timeoutMs: String(e?.timeoutMs ?? 60000),
  maxInputTokens: String(e?.maxInputTokens ?? 1894),
  priceInPerM: e?.priceInPerM === null || e?.priceInPerM === undefined ? "" : String(e.priceInPerM),
  priceOutPerM: e?.priceOutPerM === null || e?.priceOutPerM === undefined ? "" : String(e.priceOutPerM),
});

const num = (s: string) => (s.trim() === "" ? null : Number(s));

/** The JSON body for POST/PATCH. An empty token field on edit keeps the stored token. */
const bodyOf = (d: TDraft, editing: boolean): Record<string, unknown> => {
  const body: Record<string, unknown> = {
    name: d.name,
    kind: d.kind,
    baseUrl: d.kind === "hf_provider" ? null : d.baseUrl,
    model: d.model,
    provider: d.kind === "hf_provider" ? d.provider : null,
    concurrency: num(d.concurrency),
    requestsPerSecond: num(d.requestsPerSecond) ?? 0,
    timeoutMs: num(d.timeoutMs),
    maxInputTokens: num(d.maxInputTokens),
    priceInPerM: num(d.priceInPerM),
    priceOutPerM: num(d.priceOutPerM),
  };
  if (d.clearToken) body.token = null;
  else if (d.token.trim() || !editing) body.token = d.token.trim() || null;
  return body;
};

const Field = ({ label, hint, children }: { label: string; hint?: string; children: React.ReactNode }) => (
  <label className="block text-xs">
    <span className="block font-medium text-slate-600">{label}</span>
    {children}
    {hint && <span className="block text-[11px] text-slate-400">{hint}</span>}
  </label>
);

const INPUT = "mt-0.5 w-full rounded border border-slate-300 px-2 py-1 text-sm";

/** Add or edit an endpoint. The token is write-only: the stored one is shown masked and kept unless replaced or cleared. */
export const EndpointForm = ({
  initial,
  providers,
  busy,
  onSave,
  onCancel,
}: {
  initial?: TEndpointView;
  providers: readonly string[];
  busy: boolean;
  onSave: (body: Record<string, unknown>) => void;
  onCancel: () => void;
}) => {
  const [d, setD] = useState<TDraft>(() => draftOf(initial));
  const set = <K extends keyof TDraft>(k: K, v: TDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  const editing = Boolean(initial);
  return (
    <form
      className="space-y-3"
      data-testid="endpoint-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(bodyOf(d, editing));
      }}
    >
      <div className="grid gap-3 md:grid-cols-2">
        <Field label="Name">
          <input className={INPUT} value={d.name} onChange={(e) => set("name", e.target.value)} data-testid="endpoint-name" required />
        </Field>
        <Field label="Kind">
          <select className={INPUT} value={d.kind} onChange={(e) => set("kind", e.target.value as TKind)} data-testid="endpoint-kind">
            {(Object.keys(KIND_LABELS) as TKind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </Field>
        {d.kind !== "hf_provider" ? (
          <Field label="Base URL" hint={d.kind === "tgi" ? "POST <base>/generate" : "chat at <base>/v1/chat/completions (a URL ending in /v1 works too)"}>
            <input className={INPUT} value={d.baseUrl} onChange={(e) => set("baseUrl", e.target.value)} placeholder="http://localhost:8000" data-testid="endpoint-base-url" />
          </Field>
        ) : (
          <Field label="Provider">
            <select className={INPUT} value={d.provider} onChange={(e) => set("provider", e.target.value)} data-testid="endpoint-provider">
              {providers.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label="Model" hint={d.kind === "openai" || d.kind === "hf_provider" ? "required (e.g. RuPeng/DataMan-1.5B-EN)" : "optional"}>
          <input className={INPUT} value={d.model} onChange={(e) => set("model", e.target.value)} data-testid="endpoint-model" />
        </Field>
        <Field label="Token" hint={editing && initial?.tokenMasked ? `stored: ${initial.tokenMasked} (leave empty to keep)` : "kept on the server, never shown again"}>
          <input className={INPUT} type="password" autoComplete="off" value={d.token} onChange={(e) => set("token", e.target.value)} disabled={d.clearToken} data-testid="endpoint-token" />
          {editing && initial?.tokenMasked && (
            <span className="mt-1 flex items-center gap-1 text-[11px] text-slate-500">
              <input type="checkbox" checked={d.clearToken} onChange={(e) => set("clearToken", e.target.checked)} /> remove the stored token
            </span>
          )}
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Concurrency" hint="requests in flight per worker">
            <input className={INPUT} type="number" min={1} value={d.concurrency} onChange={(e) => set("concurrency", e.target.value)} data-testid="endpoint-concurrency" />
          </Field>
          <Field label="Requests/s" hint="0 = unlimited">
            <input className={INPUT} type="number" min={0} step="any" value={d.requestsPerSecond} onChange={(e) => set("requestsPerSecond", e.target.value)} />
          </Field>
          <Field label="Timeout (ms)">
            <input className={INPUT} type="number" min={100} value={d.timeoutMs} onChange={(e) => set("timeoutMs", e.target.value)} data-testid="endpoint-timeout" />
          </Field>
          <Field label="Max input tokens" hint="document text budget (DataMan EN: 1894)">
            <input className={INPUT} type="number" min={16} value={d.maxInputTokens} onChange={(e) => set("maxInputTokens", e.target.value)} />
          </Field>
          <Field label="Price / M input tokens" hint="for the cost estimate">
            <input className={INPUT} type="number" min={0} step="any" value={d.priceInPerM} onChange={(e) => set("priceInPerM", e.target.value)} data-testid="endpoint-price-in" />
          </Field>
          <Field label="Price / M output tokens">
            <input className={INPUT} type="number" min={0} step="any" value={d.priceOutPerM} onChange={(e) => set("priceOutPerM", e.target.value)} data-testid="endpoint-price-out" />
          </Field>
        </div>
      </div>
      <div className="flex justify-end gap-2">
        <Button type="button" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={busy} data-testid="endpoint-save">
          {editing ? "Save" : "Add endpoint"}
        </Button>
      </div>
    </form>
  );
};
