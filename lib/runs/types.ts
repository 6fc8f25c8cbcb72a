import type { z } from "zod";
import type { runs, tasks } from "@/db/schema";

export type TRunRow = typeof runs.$inferSelect;
export type TTaskRow = typeof tasks.$inferSelect;

export type TEventLevel = "info" | "warn" | "error";

/** What a task handler may do while it runs. */
export type TTaskContext = {
  run: TRunRow;
  task: TTaskRow;
  workerId: string;
  /** Appends to the run log. */
  log: (level: TEventLevel, kind: string, message: string, data?: unknown) => void;
  /** Adds to the run's done counters and extends the lease. Throws `RunCancelledError` if the run was cancelled. */
  progress: (delta: { items?: number; bytes?: number }) => void;
  /** Sets the run's totals (known once the input is inspected). */
  setTotals: (totals: { items?: number; bytes?: number }) => void;
  /** Extends the lease; throws `RunCancelledError` if the run was cancelled. */
  heartbeat: () => void;
  /** Aborted when the run is cancelled or the lease is lost. */
  signal: AbortSignal;
};

export type TPlannedTask = { kind: string; input: unknown; dependsOn?: number[]; maxAttempts?: number };

/** A run type: how to validate its config, split it into tasks, and execute each task. */
export type TRunType<TConfig> = {
  type: string;
  configSchema: z.ZodType<TConfig>;
  /** Called once when the run is created; may create rows the run will fill (e.g. a building corpus version). */
  plan: (run: TRunRow, config: TConfig) => { tasks: TPlannedTask[]; corpusId?: string; inputVersionId?: string; outputVersionId?: string; itemsTotal?: number; bytesTotal?: number };
  execute: (ctx: TTaskContext, config: TConfig, input: unknown) => Promise<unknown>;
  /** Called when the run fails or is cancelled, to undo partial state (e.g. mark a version failed). */
  onAbort?: (run: TRunRow, config: TConfig) => void;
};

export class RunCancelledError extends Error {
  constructor() {
    super("The run was cancelled");
    this.name = "RunCancelledError";
  }
}
