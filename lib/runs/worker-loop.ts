import os from "node:os";
import { getConfig } from "@/lib/config";
import { errorMessage } from "@/lib/errors";
import { claimTask } from "@/lib/runs/claim-task";
import { executeTask } from "@/lib/runs/execute-task";

export const newWorkerId = (): string => `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 6)}`;

export type TWorkerLoopOptions = {
  workerId?: string;
  idleMs?: number;
  leaseMs?: number;
  /** Stop when this returns true (checked between tasks). */
  shouldStop?: () => boolean;
  /** Stop once no task is runnable (used by the CLI and tests). */
  exitWhenIdle?: boolean;
  onTask?: (runId: string, taskIdx: number) => void;
  /** Claim only this run's tasks (the CLI runs its own run and nothing else). */
  runId?: string;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Claims and executes tasks until told to stop. */
export const runWorkerLoop = async (opts: TWorkerLoopOptions = {}): Promise<void> => {
  const workerId = opts.workerId ?? newWorkerId();
  const idleMs = opts.idleMs ?? 500;
  const leaseMs = opts.leaseMs ?? getConfig().leaseMs;
  while (!opts.shouldStop?.()) {
    let claimed;
    try {
      claimed = claimTask(workerId, leaseMs, Date.now(), opts.runId);
    } catch (e) {
      console.error(`[worker ${workerId}] claim failed: ${errorMessage(e)}`);
      await sleep(idleMs);
      continue;
    }
    if (!claimed) {
      if (opts.exitWhenIdle) return;
      await sleep(idleMs);
      continue;
    }
    opts.onTask?.(claimed.run.id, claimed.task.idx);
    await executeTask(claimed.run, claimed.task, workerId, leaseMs);
  }
};
