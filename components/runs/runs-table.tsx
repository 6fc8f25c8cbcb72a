"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { ProgressBar } from "@/components/runs/progress-bar";
import { countsOf, targetOf, throughputOf } from "@/components/runs/run-format";
import { Button } from "@/components/ui/button";
import { StatusBadge } from "@/components/ui/card";
import { formatDuration, formatTime } from "@/components/ui/format";
import type { TSerializedRun } from "@/lib/runs/get-run";

const STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"];
const PAGE = 50;
const POLL_MS = 1000;

type TPage = { runs: TSerializedRun[]; total: number };

/** Run history with type/status filters and paging; refreshes every second while a shown run is active. */
export const RunsTable = ({ initial, initialTotal, types }: { initial: TSerializedRun[]; initialTotal: number; types: string[] }) => {
  const [page, setPage] = useState<TPage>({ runs: initial, total: initialTotal });
  const [type, setType] = useState("");
  const [status, setStatus] = useState("");
  const [offset, setOffset] = useState(0);
  const active = page.runs.some((r) => r.status === "queued" || r.status === "running");

  useEffect(() => {
    let stop = false;
    const load = async () => {
      const qs = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
      if (type) qs.set("type", type);
      if (status) qs.set("status", status);
      try {
        const res = await fetch(`/api/runs?${qs}`, { cache: "no-store" });
        if (res.ok && !stop) setPage((await res.json()) as TPage);
      } catch {
        /* keep the last page; the next poll retries */
      }
    };
    void load();
    if (!active) return () => void (stop = true);
    const t = setInterval(load, POLL_MS);
    return () => {
      stop = true;
      clearInterval(t);
    };
  }, [type, status, offset, active]);

  const filter = (set: (v: string) => void) => (e: React.ChangeEvent<HTMLSelectElement>) => {
    set(e.target.value);
    setOffset(0);
  };

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <select className="rounded border border-slate-300 px-2 py-1" value={type} onChange={filter(setType)} data-testid="runs-type-filter">
          <option value="">all types</option>
          {types.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
        <select className="rounded border border-slate-300 px-2 py-1" value={status} onChange={filter(setStatus)} data-testid="runs-status-filter">
          <option value="">all statuses</option>
          {STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <span className="ml-auto text-xs text-slate-500" data-testid="runs-count">
          {page.total === 0 ? "0 runs" : `${offset + 1}–${Math.min(offset + page.runs.length, page.total)} of ${page.total}`}
        </span>
        <Button className="px-2 py-0.5 text-xs" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          ← Newer
        </Button>
        <Button className="px-2 py-0.5 text-xs" disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>
          Older →
        </Button>
      </div>
      <div className="overflow-x-auto">
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
            {page.runs.map((r) => (
              <tr key={r.id} className="border-t border-slate-100 hover:bg-slate-50" data-testid="run-row" data-run-id={r.id}>
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
                <td data-testid="run-status" data-status={r.status}>
                  <StatusBadge status={r.status} />
                </td>
                <td>
                  <ProgressBar fraction={r.progress.fraction} status={r.status} />
                </td>
                <td className="whitespace-nowrap text-right tabular-nums">{countsOf(r)}</td>
                <td className="whitespace-nowrap text-right tabular-nums">{formatDuration(r.progress.durationMs)}</td>
                <td className="whitespace-nowrap text-right tabular-nums">{throughputOf(r)}</td>
                <td className={`text-right tabular-nums ${r.errorCount ? "text-red-700" : ""}`}>{r.errorCount}</td>
                <td className="whitespace-nowrap pl-4 text-slate-500">{formatTime(r.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.runs.length === 0 && <p className="text-sm text-slate-500">{type || status ? "No runs match the filters." : "No runs yet."}</p>}
    </div>
  );
};
