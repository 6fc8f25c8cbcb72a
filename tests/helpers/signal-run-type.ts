import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { registerRunType } from "@/lib/runs/registry";

const ZConfig = z.object({
  tasks: z.number().int().min(1).default(1),
  /** How long a task waits when nothing stops it. */
  maxWaitMs: z.number().int().min(0).default(10_000),
  maxAttempts: z.number().int().min(1).optional(),
});

/** Files under the data dir that record what the test types did. */
export const markerFile = (runId: string, what: "done" | "aborted"): string => path.join(process.env.WINNOW_DATA_DIR!, `${runId}.${what}`);
export const readMarker = (runId: string, what: "done" | "aborted"): string[] => {
  const f = markerFile(runId, what);
  return fs.existsSync(f) ? fs.readFileSync(f, "utf8").trim().split("\n").filter(Boolean) : [];
};

/**
 * A run type for tests whose tasks never call `ctx.heartbeat()`: each waits up to `maxWaitMs` and
 * stops only through `ctx.signal` (aborted by the executor's lease timer when the run is cancelled
 * or the lease is lost). `onAbort` records the run's final status in `<run>.aborted`.
 */
registerRunType({
  type: "test-signal",
  configSchema: ZConfig,
  plan: (_run, c) => ({
    tasks: Array.from({ length: c.tasks }, (_, i) => ({ kind: "wait", input: { i }, maxAttempts: c.maxAttempts })),
    itemsTotal: c.tasks,
  }),
  execute: async (ctx, c, input) => {
    await new Promise<void>((resolve, reject) => {
      if (ctx.signal.aborted) return reject(ctx.signal.reason);
      const t = setTimeout(resolve, c.maxWaitMs);
      ctx.signal.addEventListener(
        "abort",
        () => {
          clearTimeout(t);
          reject(ctx.signal.reason);
        },
        { once: true },
      );
    });
    fs.appendFileSync(markerFile(ctx.run.id, "done"), `${(input as { i: number }).i}\n`);
    ctx.progress({ items: 1 });
    return { waited: c.maxWaitMs };
  },
  onAbort: (run) => {
    fs.appendFileSync(markerFile(run.id, "aborted"), `${run.status}\n`);
  },
});
