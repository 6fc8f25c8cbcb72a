"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, ErrorBox, Stat, StatusBadge } from "@/components/ui/card";
import { apiError, formatDuration, formatTime } from "@/components/ui/format";
import { ProgressBar } from "@/components/runs/progress-bar";
import { countsOf, throughputOf } from "@/components/runs/run-format";
import { RunLog } from "@/components/runs/run-log";
import { RunSummary } from "@/components/runs/run-summary";
import type { TRunEvent } from "@/lib/runs/events";
import type { TSerializedRun } from "@/lib/runs/get-run";

type TTask = { id: string; idx: number; kind: string; status: string; attempts: number; maxAttempts: number; worker: string | null; itemsDone: number; error: string | null };

/** Live run page: progress over Server-Sent Events, cancel, re-run (optionally with an edited config), summary, tasks, log. */
export const RunDetail = ({ initialRun, initialTasks }: { initialRun: TSerializedRun; initialTasks: TTask[] }) => {
  const router = useRouter();
  const [run, setRun] = useState(initialRun);
  const [tasks, setTasks] = useState(initialTasks);
  const [events, setEvents] = useState<TRunEvent[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [configText, setConfigText] = useState(JSON.stringify(initialRun.config, null, 2));

  useEffect(() => {
    const es = new EventSource(`/api/runs/${initialRun.id}/stream`);
    es.addEventListener("progress", (e) => setRun(JSON.parse((e as MessageEvent).data)));
    es.addEventListener("log", (e) => setEvents((prev) => [...prev, ...(JSON.parse((e as MessageEvent).data) as TRunEvent[])]));
    es.addEventListener("done", () => {
      es.close();
      void fetch(`/api/runs/${initialRun.id}`)
        .then((r) => r.json())
        .then((d: { run: TSerializedRun; tasks: TTask[] }) => {
          setRun(d.run);
          setTasks(d.tasks);
        });
    });
    es.onerror = () => es.close();
    return () => es.close();
  }, [initialRun.id]);

  useEffect(() => {
    if (run.status !== "running" && run.status !== "queued") return;
    const t = setInterval(async () => {
      const res = await fetch(`/api/runs/${run.id}`);
      if (res.ok) setTasks(((await res.json()) as { tasks: TTask[] }).tasks);
    }, 2000);
    return () => clearInterval(t);
  }, [run.id, run.status]);

  const post = async (path: string, body?: unknown) => {
    setError(null);
    const res = await fetch(`/api/runs/${run.id}/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(await apiError(res));
    return res.json();
  };
  const cancel = () => post("cancel").catch((e) => setError((e as Error).message));
  const rerun = async () => {
    try {
      let config: unknown;
      if (editing) {
        try {
          config = JSON.parse(configText);
        } catch {
          throw new Error("The edited config is not valid JSON");
        }
      }
      const { runId } = (await post("rerun", editing ? { config } : {})) as { runId: string };
      router.push(`/runs/${runId}`);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const active = run.status === "queued" || run.status === "running";
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <Link href="/runs" className="text-sm text-blue-700 hover:underline">
            ← Runs
          </Link>
          <h1 className="flex items-center gap-3 text-xl font-semibold">
            {run.type} run <span className="font-mono text-sm text-slate-500">{run.id}</span>
            <span data-testid="run-status">
              <StatusBadge status={run.status} />
            </span>
          </h1>
        </div>
        <div className="flex gap-2">
          {active && (
            <Button variant="danger" onClick={cancel} disabled={run.cancelRequested} data-testid="cancel-run">
              {run.cancelRequested ? "Cancelling…" : "Cancel"}
            </Button>
          )}
          <Button onClick={() => setEditing(!editing)}>{editing ? "Keep config" : "Edit config"}</Button>
          <Button variant="primary" onClick={rerun} data-testid="rerun-run">
            {editing ? "Re-run with edited config" : "Re-run"}
          </Button>
        </div>
      </div>
      <ErrorBox message={error} />
      {run.error && <ErrorBox message={run.error} />}
      <Card>
        <div className="grid grid-cols-2 items-end gap-4 md:grid-cols-6">
          <div className="col-span-2">
            <div className="text-xs uppercase tracking-wide text-slate-500">Progress</div>
            <ProgressBar fraction={run.progress.fraction} status={run.status} />
          </div>
          <Stat label="Done" value={countsOf(run)} testId="run-done" />
          <Stat label="Throughput" value={throughputOf(run)} />
          <Stat label={active ? "ETA" : "Duration"} value={formatDuration(active ? run.progress.etaMs : run.progress.durationMs)} />
          <Stat label="Errors" value={run.errorCount} />
        </div>
        <div className="mt-3 flex flex-wrap gap-4 text-xs text-slate-500">
          <span>created {formatTime(run.createdAt)}</span>
          <span>started {formatTime(run.startedAt)}</span>
          <span>finished {formatTime(run.finishedAt)}</span>
          {run.corpusId && (
            <Link href={`/corpora/${run.corpusId}`} className="text-blue-700 hover:underline" data-testid="run-corpus-link">
              open corpus
            </Link>
          )}
        </div>
      </Card>
      <Card title="Summary">
        <RunSummary summary={run.summary} />
      </Card>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Config">
          {editing ? (
            <textarea className="h-64 w-full rounded border border-slate-300 p-2 font-mono text-xs" value={configText} onChange={(e) => setConfigText(e.target.value)} data-testid="config-editor" />
          ) : (
            <pre className="max-h-64 overflow-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(run.config, null, 2)}</pre>
          )}
        </Card>
        <Card title={`Tasks (${tasks.length})`}>
          <div className="max-h-64 overflow-auto">
            <table className="w-full text-xs">
              <thead className="text-left text-slate-500">
                <tr>
                  <th>#</th>
                  <th>Kind</th>
                  <th>Status</th>
                  <th className="text-right">Docs</th>
                  <th className="text-right">Attempts</th>
                  <th className="pl-2">Worker / error</th>
                </tr>
              </thead>
              <tbody>
                {tasks.map((t) => (
                  <tr key={t.id} className="border-t border-slate-100">
                    <td>{t.idx}</td>
                    <td>{t.kind}</td>
                    <td>
                      <StatusBadge status={t.status} />
                    </td>
                    <td className="text-right tabular-nums">{t.itemsDone}</td>
                    <td className="text-right tabular-nums">
                      {t.attempts}/{t.maxAttempts}
                    </td>
                    <td className="max-w-xs truncate pl-2 text-slate-500" title={t.error ?? t.worker ?? ""}>
                      {t.error ? <span className="text-red-700">{t.error}</span> : t.worker}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      </div>
      <Card title="Log">
        <RunLog events={events} />
      </Card>
    </div>
  );
};
