import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { registerRunType } from "@/lib/runs/registry";

const ZConfig = z.object({ shards: z.number().int(), failTimes: z.number().int().default(0), sleepMs: z.number().int().default(0), withFinal: z.boolean().default(false) });
const attemptsSeen = new Map<string, number>();

/** A run type for tests: each task appends its index to a file; it can fail or be slow on purpose. */
registerRunType({
  type: "test-write",
  configSchema: ZConfig,
  plan: (_run, c) => {
    const shardTasks = Array.from({ length: c.shards }, (_, i) => ({ kind: "shard", input: { i } }));
    return { tasks: c.withFinal ? [...shardTasks, { kind: "final", input: {}, dependsOn: shardTasks.map((_, i) => i) }] : shardTasks, itemsTotal: c.shards };
  },
  execute: async (ctx, c, input) => {
    const key = `${ctx.run.id}:${ctx.task.idx}`;
    const seen = (attemptsSeen.get(key) ?? 0) + 1;
    attemptsSeen.set(key, seen);
    if (seen <= c.failTimes) throw new Error(`planned failure ${seen}`);
    const end = Date.now() + c.sleepMs;
    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, 20));
      ctx.heartbeat();
    }
    fs.appendFileSync(path.join(process.env.WINNOW_DATA_DIR!, `${ctx.run.id}.log`), `${ctx.task.kind}:${(input as { i?: number }).i ?? "-"}\n`);
    fs.appendFileSync(path.join(process.env.WINNOW_DATA_DIR!, `${ctx.run.id}.workers`), `${ctx.workerId}\n`);
    ctx.progress({ items: ctx.task.kind === "shard" ? 1 : 0 });
    return { ok: true };
  },
});

