"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { StatusBadge } from "@/components/ui/card";
import { formatDuration, formatTime } from "@/components/ui/format";
import { ProgressBar } from "@/components/runs/progress-bar";
import { countsOf, targetOf, throughputOf } from "@/components/runs/run-format";
import type { TSerializedRun } from "@/lib/runs/get-run";

const STATUSES = ["", "queued", "running", "succeeded", "failed", "cancelled"];

/** Run history; refreshes every second while any run is active. */
export const RunsTable = ({ initial, types }: { initial: TSerializedRun[]; types: string[] }) => {
  const [runs, setRuns] = useState(initial);
  const [type, setType] = useState("");
  const [status, setStatus] = useState("");
  const active = runs.some((r) => r.status === "queued" || r.status === "running");

  useEffect(() => {
    let stop = false;
    const load = async () => {
      const qs = new URLSearchParams();
      if (type) qs.set("type", type);
      if (status) qs.set("status", status);
      const res = await fetch(`/api/runs?${qs}`, { cache: "no-store" });
      if (res.ok && !stop) setRuns(((await res.json()) as { runs: TSerializedRun[] }).runs);
    };
    void load();
    if (!active) return () => void (stop = true);
    const t = setInterval(load, 1000);
    return () => {
      stop = true;
      clearInterval(t);
    };
  }, [type, status, active]);

  return (
    <div className="space-y-3">
      <div className="flex gap-2 text-sm">
        <select className="rounded border border-slate-300 px-2 py-1" value={type} onChange={(e) => setType(e.target.value)} data-testid="runs-type-filter">
          <option value="">all types</option>
          {types.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
        <select className="rounded border border-slate-300 px-2 py-1" value={status} onChange={(e) => setStatus(e.target.value)}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s || "all statuses"}
            </option>
          ))}
        </select>
      </div>
      <table className="w-full text-sm" data-testid="runs-table">
        <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-1">Run</th>
            <th>Type</th>
            <th>Target</th>
            <th>Status</th>
            <th>Progress</th>
            <th className="text-right">Done</th>
            <th className="text-right">Duration</th>
            <th className="text-right">Throughput</th>
            <th className="text-right">Errors</th>
            <th className="pl-4">Created</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} className="border-t border-slate-100" data-testid="run-row">
              <td className="py-1.5">
                <Link className="font-mono text-xs text-blue-700 hover:underline" href={`/runs/${r.id}`}>
                  {r.id}
                </Link>
              </td>
              <td>{r.type}</td>
              <td className="max-w-xs truncate">
                {r.corpusId ? (
                  <Link className="text-blue-700 hover:underline" href={`/corpora/${r.corpusId}`}>
                    {targetOf(r) || r.corpusId}
                  </Link>
                ) : (
                  targetOf(r)
                )}
              </td>
              <td data-testid="run-status">
                <StatusBadge status={r.status} />
              </td>
              <td>
                <ProgressBar fraction={r.progress.fraction} status={r.status} />
              </td>
              <td className="text-right tabular-nums">{countsOf(r)}</td>
              <td className="text-right tabular-nums">{formatDuration(r.progress.durationMs)}</td>
              <td className="text-right tabular-nums">{throughputOf(r)}</td>
              <td className={`text-right tabular-nums ${r.errorCount ? "text-red-700" : ""}`}>{r.errorCount}</td>
              <td className="pl-4 text-slate-500">{formatTime(r.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {runs.length === 0 && <p className="text-sm text-slate-500">No runs yet.</p>}
    </div>
  );
};
