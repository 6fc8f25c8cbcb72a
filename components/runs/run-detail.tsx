"use client";

import { IfRole } from "@/components/auth/role-context";
import Link from "next/link";
import { useEffect, useState } from "react";
import { RunActions } from "@/components/runs/run-actions";
import { fetchRunDetails } from "@/components/runs/run-api";
import { RunConfig } from "@/components/runs/run-config";
import { RunLog } from "@/components/runs/run-log";
import { RunProgressCard } from "@/components/runs/run-progress-card";
import { RunSummary } from "@/components/runs/run-summary";
import { RunTasksTable } from "@/components/runs/run-tasks-table";
import { LOG_TAIL, useRunStream } from "@/components/runs/use-run-stream";
import { postJson } from "@/components/ui/api";
import { Card, ErrorBox, StatusBadge } from "@/components/ui/card";
import { useLaunchRun } from "@/components/ui/use-launch-run";
import type { TRunDetails, TRunTaskView, TSerializedRun } from "@/lib/runs/get-run";

const TASKS_POLL_MS = 2000;

/** Live run page: progress and log over Server-Sent Events, cancel, re-run (optionally with an edited config), summary, tasks. */
export const RunDetail = ({ initialRun, initialTasks }: { initialRun: TSerializedRun; initialTasks: TRunTaskView[] }) => {
  const [tasks, setTasks] = useState(initialTasks);
  const { launch, request, busy, error, setError } = useLaunchRun();
  const [editing, setEditing] = useState(false);
  const [configText, setConfigText] = useState(() => JSON.stringify(initialRun.config, null, 2));

  const { run, setRun, events, live } = useRunStream(initialRun);
  const active = run.status === "queued" || run.status === "running";

  // Task rows are not in the progress stream: refresh them while the run is active, and once when it ends.
  useEffect(() => {
    const load = () => void fetchRunDetails(run.id).then((d) => d && setTasks(d.tasks));
    if (!active) {
      load();
      return;
    }
    const t = setInterval(load, TASKS_POLL_MS);
    return () => clearInterval(t);
  }, [run.id, active]);

  const cancel = async () => {
    const d = await request(() => postJson<TRunDetails>(`/api/runs/${run.id}/cancel`));
    if (!d) return;
    setRun(d.run);
    setTasks(d.tasks);
  };

  const rerun = async () => {
    let body: { config?: unknown } = {};
    if (editing) {
      try {
        body = { config: JSON.parse(configText) };
      } catch {
        setError("The edited config is not valid JSON");
        return;
      }
    }
    await launch(`/api/runs/${run.id}/rerun`, body);
  };

  const toggleEdit = () => {
    if (editing) setConfigText(JSON.stringify(run.config, null, 2));
    setEditing(!editing);
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <Link href="/runs" className="text-sm text-blue-700 hover:underline">
            ← Runs
          </Link>
          <h1 className="flex items-center gap-3 text-xl font-semibold">
            {run.type} run <span className="font-mono text-sm text-slate-500">{run.id}</span>
            <span data-testid="run-status" data-status={run.status}>
              <StatusBadge status={run.cancelRequested && active ? "cancelling" : run.status} />
            </span>
          </h1>
        </div>
        <IfRole role="curator">
          <RunActions active={active} cancelRequested={run.cancelRequested} editing={editing} busy={busy} onCancel={cancel} onToggleEdit={toggleEdit} onRerun={rerun} />
        </IfRole>
      </div>
      <ErrorBox message={error} />
      {run.error && (
        <div role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="run-error">
          {run.error}
        </div>
      )}
      <RunProgressCard run={run} live={live} />
      <Card title="Summary">
        <RunSummary summary={run.summary} active={active} durationMs={run.progress.durationMs} />
      </Card>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title={editing ? "Config (editing — used by Re-run)" : "Config"}>
          <RunConfig config={run.config} editing={editing} text={configText} onChange={setConfigText} />
        </Card>
        <Card title={`Tasks (${tasks.length})`}>
          <RunTasksTable tasks={tasks} />
        </Card>
      </div>
      <Card title={`Log (${events.length}${events.length >= LOG_TAIL ? "+" : ""})`}>
        <RunLog events={events} truncated={events.length >= LOG_TAIL} />
      </Card>
    </div>
  );
};
