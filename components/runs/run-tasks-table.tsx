import { StatusBadge } from "@/components/ui/card";
import { formatDuration, formatInt } from "@/components/ui/format";
import type { TRunTaskView } from "@/lib/runs/get-run";

/** The run's tasks: index, kind, status, attempts, the worker holding it, and the last error. */
export const RunTasksTable = ({ tasks }: { tasks: TRunTaskView[] }) => (
  <div className="max-h-72 overflow-auto">
    <table className="w-full text-xs" data-testid="run-tasks">
      <thead className="sticky top-0 bg-white text-left text-slate-500">
        <tr>
          <th className="py-1">#</th>
          <th>Kind</th>
          <th>Status</th>
          <th className="text-right">Items</th>
          <th className="text-right">Attempts</th>
          <th className="text-right">Time</th>
          <th className="pl-3">Worker</th>
          <th className="pl-3">Error</th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((t) => (
          <tr key={t.id} className="border-t border-slate-100 align-top" data-testid="run-task">
            <td className="py-1 tabular-nums">{t.idx}</td>
            <td className="font-mono">{t.kind}</td>
            <td>
              <StatusBadge status={t.status} />
            </td>
            <td className="text-right tabular-nums">{formatInt(t.itemsDone)}</td>
            <td className={`text-right tabular-nums ${t.attempts > 1 ? "text-amber-700" : ""}`}>
              {t.attempts}/{t.maxAttempts}
            </td>
            <td className="text-right tabular-nums">{t.startedAt && t.finishedAt ? formatDuration(t.finishedAt - t.startedAt) : "—"}</td>
            <td className="max-w-[10rem] truncate pl-3 font-mono text-slate-500" title={t.worker ?? ""}>
              {t.worker ?? ""}
            </td>
            <td className="max-w-xs truncate pl-3 text-red-700" title={t.error ?? ""}>
              {t.error ?? ""}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    {tasks.length === 0 && <p className="py-2 text-xs text-slate-500">No tasks.</p>}
  </div>
);
