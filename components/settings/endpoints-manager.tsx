"use client";

import { useState } from "react";
import { EndpointForm } from "@/components/settings/endpoint-form";
import { sendJson } from "@/components/ui/api";
import { Button } from "@/components/ui/button";
import { Card, ErrorBox } from "@/components/ui/card";
import { formatDuration, formatInt } from "@/components/ui/format";
import type { TEndpointView } from "@/lib/inference/endpoint-schema";
import type { TEndpointTestResult } from "@/lib/inference/test-endpoint";

const TestResult = ({ r }: { r: TEndpointTestResult | "running" }) =>
  r === "running" ? (
    <p className="text-xs text-slate-500">Sending one request…</p>
  ) : r.ok ? (
    <div className="rounded bg-emerald-50 px-2 py-1 text-xs text-emerald-900" data-testid="endpoint-test-result" data-ok="true">
      <span className="font-medium">OK</span> in {formatDuration(r.latencyMs)} ({r.tokensIn} → {r.tokensOut} tokens): <span className="font-mono">{r.text.slice(0, 300)}</span>
    </div>
  ) : (
    <div className="rounded bg-red-50 px-2 py-1 text-xs text-red-800" data-testid="endpoint-test-result" data-ok="false">
      <span className="font-mono font-medium">{r.kind}</span> after {formatDuration(r.latencyMs)}: {r.message}
    </div>
  );

const price = (e: TEndpointView) => (e.priceInPerM === null && e.priceOutPerM === null ? "—" : `${e.priceInPerM ?? 0} / ${e.priceOutPerM ?? 0}`);

/** List, add, edit, delete and test inference endpoints. Tokens appear only masked. */
export const EndpointsManager = ({ initial, providers }: { initial: TEndpointView[]; providers: readonly string[] }) => {
  const [endpoints, setEndpoints] = useState(initial);
  const [editing, setEditing] = useState<string | "new" | null>(initial.length === 0 ? "new" : null);
  const [tests, setTests] = useState<Record<string, TEndpointTestResult | "running">>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const save = (id: string | "new", body: Record<string, unknown>) =>
    run(async () => {
      const { endpoint } = id === "new" ? await sendJson<{ endpoint: TEndpointView }>("POST", "/api/endpoints", body) : await sendJson<{ endpoint: TEndpointView }>("PATCH", `/api/endpoints/${id}`, body);
      setEndpoints((list) => (id === "new" ? [...list, endpoint] : list.map((x) => (x.id === id ? endpoint : x))));
      setEditing(null);
    });
  const remove = (e: TEndpointView) =>
    run(async () => {
      if (!window.confirm(`Delete endpoint "${e.name}"? Runs that use it will fail.`)) return;
      await sendJson("DELETE", `/api/endpoints/${e.id}`);
      setEndpoints((list) => list.filter((x) => x.id !== e.id));
    });
  const test = async (e: TEndpointView) => {
    setTests((t) => ({ ...t, [e.id]: "running" }));
    try {
      const r = await sendJson<TEndpointTestResult>("POST", `/api/endpoints/${e.id}/test`);
      setTests((t) => ({ ...t, [e.id]: r }));
    } catch (err) {
      setTests((t) => ({ ...t, [e.id]: { ok: false, kind: "network", message: (err as Error).message, latencyMs: 0, request: "chat" } }));
    }
  };

  return (
    <div className="space-y-4">
      <ErrorBox message={error} />
      <Card
        title={`Endpoints (${endpoints.length})`}
        actions={
          editing !== "new" && (
            <Button onClick={() => setEditing("new")} data-testid="endpoint-add">
              Add endpoint
            </Button>
          )
        }
      >
        {editing === "new" && (
          <div className="mb-4 rounded border border-slate-200 p-3">
            <EndpointForm providers={providers} busy={busy} onSave={(b) => save("new", b)} onCancel={() => setEditing(null)} />
          </div>
        )}
        {endpoints.length === 0 ? (
          <p className="text-sm text-slate-500">No endpoints yet. Model-backed annotators (DataMan ratings) need one.</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="endpoint-list">
            {endpoints.map((e) => (
              <li key={e.id} className="space-y-2 py-3" data-testid="endpoint-row" data-endpoint-id={e.id}>
                {editing === e.id ? (
                  <EndpointForm initial={e} providers={providers} busy={busy} onSave={(b) => save(e.id, b)} onCancel={() => setEditing(null)} />
                ) : (
                  <>
                    <div className="flex flex-wrap items-start justify-between gap-2">
                      <div className="text-sm">
                        <div className="font-medium">
                          {e.name} <span className="font-mono text-xs text-slate-500">{e.kind}</span>
                        </div>
                        <div className="font-mono text-xs text-slate-600">
                          {e.kind === "hf_provider" ? `${e.model} via ${e.provider}` : `${e.baseUrl}${e.model ? ` · ${e.model}` : ""}`}
                        </div>
                        <div className="text-xs text-slate-500">
                          token <span className="font-mono" data-testid="endpoint-token-masked">{e.tokenMasked ?? "none"}</span> · concurrency {e.concurrency} ·{" "}
                          {e.requestsPerSecond > 0 ? `${e.requestsPerSecond} req/s` : "no rate limit"} · timeout {formatDuration(e.timeoutMs)} · {formatInt(e.maxInputTokens)} input tokens · price/M in/out {price(e)}
                        </div>
                      </div>
                      <div className="flex gap-2">
                        <Button onClick={() => test(e)} disabled={tests[e.id] === "running"} data-testid="endpoint-test">
                          Test connection
                        </Button>
                        <Button onClick={() => setEditing(e.id)} data-testid="endpoint-edit">
                          Edit
                        </Button>
                        <Button variant="danger" onClick={() => remove(e)} disabled={busy} data-testid="endpoint-delete">
                          Delete
                        </Button>
                      </div>
                    </div>
                    {tests[e.id] && <TestResult r={tests[e.id]} />}
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
};
