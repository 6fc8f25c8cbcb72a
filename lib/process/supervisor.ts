import { spawn, type ChildProcess } from "node:child_process";

export type TChildSpec = {
  /** Shown in log lines, e.g. "web server" or "worker 1". */
  name: string;
  /** Arguments to the node binary (the script and its options). */
  args: string[];
  env?: NodeJS.ProcessEnv;
};

export type TSupervisorOptions = {
  /** First restart delay; doubled after each fast crash in a row, up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** A child that exits sooner than this after starting counts as a fast crash. */
  fastCrashMs?: number;
  /** Give up after this many fast crashes in a row of one child. */
  maxFastCrashes?: number;
  log?: (message: string) => void;
  /** Called once when a child keeps crashing; the supervisor has stopped every child by then. */
  onGiveUp?: (name: string, reason: string) => void;
  stdio?: "inherit" | "ignore";
};

type TEntry = { spec: TChildSpec; child?: ChildProcess; startedAt: number; fastCrashes: number; restarts: number; timer?: NodeJS.Timeout };

/**
 * Keeps child node processes (the web server, workers) running: a child that exits or is killed is
 * restarted after a delay that grows with each crash that follows its start closely (1 s, 2 s, 4 s…).
 * After `maxFastCrashes` such crashes in a row the supervisor gives up loudly: it stops every child
 * and calls `onGiveUp`, so a broken build or a port in use ends `npm start` instead of looping.
 */
export class Supervisor {
  private readonly entries: TEntry[] = [];
  private stopping = false;
  private readonly opts: Required<Omit<TSupervisorOptions, "onGiveUp">> & Pick<TSupervisorOptions, "onGiveUp">;

  constructor(opts: TSupervisorOptions = {}) {
    this.opts = {
      backoffMs: opts.backoffMs ?? 1_000,
      maxBackoffMs: opts.maxBackoffMs ?? 30_000,
      fastCrashMs: opts.fastCrashMs ?? 15_000,
      maxFastCrashes: opts.maxFastCrashes ?? 5,
      log: opts.log ?? ((m) => console.error(m)),
      onGiveUp: opts.onGiveUp,
      stdio: opts.stdio ?? "inherit",
    };
  }

  /** Starts a child and keeps it running until `stop()`. */
  start(spec: TChildSpec): void {
    const entry: TEntry = { spec, startedAt: 0, fastCrashes: 0, restarts: 0 };
    this.entries.push(entry);
    this.launch(entry);
  }

  /** The live child processes' ids, by name (for tests and status). */
  pids(): Record<string, number | undefined> {
    return Object.fromEntries(this.entries.map((e) => [e.spec.name, e.child?.pid]));
  }

  restarts(name: string): number {
    return this.entries.find((e) => e.spec.name === name)?.restarts ?? 0;
  }

  /** Stops every child (SIGTERM, then SIGKILL after `graceMs`) and resolves when all have exited. */
  async stop(graceMs = 3_000): Promise<void> {
    this.stopping = true;
    const live = this.entries.flatMap((e) => {
      clearTimeout(e.timer);
      const c = e.child;
      return c && c.exitCode === null && c.signalCode === null ? [c] : [];
    });
    await Promise.all(
      live.map(
        (c) =>
          new Promise<void>((resolve) => {
            const kill = setTimeout(() => c.kill("SIGKILL"), graceMs);
            c.once("exit", () => {
              clearTimeout(kill);
              resolve();
            });
            c.kill("SIGTERM");
          }),
      ),
    );
  }

  private launch(entry: TEntry): void {
    if (this.stopping) return;
    const { spec } = entry;
    const child = spawn(process.execPath, spec.args, { stdio: this.opts.stdio, env: spec.env ?? process.env });
    entry.child = child;
    entry.startedAt = Date.now();
    child.on("error", (e) => this.opts.log(`[winnow] ${spec.name} could not start: ${e.message}`));
    child.on("exit", (code, signal) => {
      if (this.stopping) return;
      const ranMs = Date.now() - entry.startedAt;
      entry.fastCrashes = ranMs < this.opts.fastCrashMs ? entry.fastCrashes + 1 : 0;
      const how = signal ? `was killed (${signal})` : `exited (code ${code})`;
      if (entry.fastCrashes >= this.opts.maxFastCrashes) {
        const reason = `${spec.name} ${how}; it crashed ${entry.fastCrashes} times in a row within ${Math.round(this.opts.fastCrashMs / 1000)} s of starting — giving up`;
        this.opts.log(`[winnow] ERROR: ${reason}. Its output above says why.`);
        void this.stop().then(() => this.opts.onGiveUp?.(spec.name, reason));
        return;
      }
      const delay = Math.min(this.opts.backoffMs * 2 ** Math.max(0, entry.fastCrashes - 1), this.opts.maxBackoffMs);
      this.opts.log(`[winnow] ${spec.name} ${how} after ${(ranMs / 1000).toFixed(1)} s; restarting in ${(delay / 1000).toFixed(1)} s`);
      entry.timer = setTimeout(() => {
        entry.restarts++;
        this.launch(entry);
      }, delay);
    });
  }
}
