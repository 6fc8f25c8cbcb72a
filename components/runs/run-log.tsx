"use client";

import { useLayoutEffect, useRef } from "react";
import type { TRunEvent } from "@/lib/runs/events";

const LEVEL_CLASS = { info: "text-sky-300", warn: "text-amber-300", error: "text-red-400" } as const;
const MESSAGE_CLASS = { info: "text-slate-100", warn: "text-amber-100", error: "text-red-200" } as const;

/** The run log, oldest first; follows new entries while scrolled to the bottom. */
export const RunLog = ({ events, truncated = false }: { events: TRunEvent[]; truncated?: boolean }) => {
  const box = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  useLayoutEffect(() => {
    const el = box.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [events]);

  return (
    <div
      ref={box}
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
      className="max-h-96 overflow-auto rounded bg-slate-950 p-2 font-mono text-[11px] leading-5"
      data-testid="run-log"
    >
      {truncated && <div className="text-slate-500">… older entries: GET /api/runs/&lt;id&gt;/events</div>}
      {events.length === 0 && <div className="text-slate-500">No log entries yet.</div>}
      {events.map((e) => (
        <div key={e.id} className="flex gap-2" data-level={e.level}>
          <span className="shrink-0 text-slate-500" title={new Date(e.ts).toISOString()}>
            {new Date(e.ts).toISOString().slice(11, 23)}
          </span>
          <span className={`w-10 shrink-0 uppercase ${LEVEL_CLASS[e.level]}`}>{e.level}</span>
          <span className="w-32 shrink-0 truncate text-slate-500" title={e.kind}>
            {e.kind}
          </span>
          <span className={`break-all ${MESSAGE_CLASS[e.level]}`}>{e.message}</span>
        </div>
      ))}
    </div>
  );
};
