import Link from "next/link";
import { ProgressBar } from "@/components/runs/progress-bar";
import { countsOf, throughputOf } from "@/components/runs/run-format";
import { Card, Stat } from "@/components/ui/card";
import { formatDuration, formatTime } from "@/components/ui/format";
import type { TSerializedRun } from "@/lib/runs/get-run";

/** Progress, counts, throughput, ETA/duration, errors and timestamps of a run. */
export const RunProgressCard = ({ run, live }: { run: TSerializedRun; live: boolean }) => {
  const active = run.status === "queued" || run.status === "running";
  return (
    <Card>
      <div className="grid grid-cols-2 items-end gap-4 md:grid-cols-7">
        <div className="col-span-2">
          <div className="text-xs uppercase tracking-wide text-slate-500">Progress</div>
          <ProgressBar fraction={run.progress.fraction} status={run.status} wide />
        </div>
        <Stat label="Done" value={countsOf(run)} testId="run-done" />
        <Stat label="Throughput" value={throughputOf(run)} />
        <Stat label="ETA" value={active ? formatDuration(run.progress.etaMs) : "—"} testId="run-eta" />
        <Stat label="Duration" value={formatDuration(run.progress.durationMs)} testId="run-duration" />
        <Stat label="Errors" value={<span className={run.errorCount ? "text-red-700" : ""}>{run.errorCount}</span>} />
      </div>
      <div className="mt-3 flex flex-wrap gap-4 text-xs text-slate-500">
        <span>created {formatTime(run.createdAt)}</span>
        <span>started {formatTime(run.startedAt)}</span>
        <span>finished {formatTime(run.finishedAt)}</span>
        {active && <span className={live ? "text-emerald-700" : "text-amber-700"}>{live ? "● live" : "○ reconnecting…"}</span>}
        {run.corpusId && (
          <Link href={`/corpora/${run.corpusId}`} className="text-blue-700 hover:underline" data-testid="run-corpus-link">
            {run.outputVersionId ? "open output corpus" : "open corpus"} →
          </Link>
        )}
      </div>
    </Card>
  );
};
