import type { TRunEvent } from "@/lib/runs/events";

const LEVEL = { info: "text-slate-600", warn: "text-amber-700", error: "text-red-700" } as const;

/** The run log, oldest first. */
export const RunLog = ({ events }: { events: TRunEvent[] }) => (
  <div className="max-h-96 overflow-auto rounded bg-slate-950 p-2 font-mono text-[11px] leading-5" data-testid="run-log">
    {events.length === 0 && <div className="text-slate-500">No log entries yet.</div>}
    {events.map((e) => (
      <div key={e.id} className="flex gap-2">
        <span className="shrink-0 text-slate-500">{new Date(e.ts).toISOString().slice(11, 23)}</span>
        <span className={`shrink-0 w-10 uppercase ${LEVEL[e.level].replace("600", "300").replace("700", "300")}`}>{e.level}</span>
        <span className="text-slate-100 break-all">{e.message}</span>
      </div>
    ))}
  </div>
);
