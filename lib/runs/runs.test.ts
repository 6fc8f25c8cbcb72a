import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { runs, tasks } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import { cancelRun } from "@/lib/runs/cancel-run";
import { claimTask } from "@/lib/runs/claim-task";
import { createRun } from "@/lib/runs/create-run";
import { executeTask } from "@/lib/runs/execute-task";
import { getRunOrThrow } from "@/lib/runs/get-run";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import "@/tests/helpers/test-run-type";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

const logOf = (runId: string) => fs.readFileSync(path.join(process.env.WINNOW_DATA_DIR!, `${runId}.log`), "utf8").trim().split("\n");

describe("runs and tasks", () => {
  beforeEach(() => {
    useTempDataDir("runs");
  });

  it("executes every task once, a dependent task last, and ends succeeded with its counters", async () => {
    const run = createRun("test-write", { shards: 4, withFinal: true });
    await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
    const done = getRunOrThrow(run.id);
    expect(done.status).toBe("succeeded");
    expect(done.itemsDone).toBe(4);
    const log = logOf(run.id);
    expect(log.slice(0, 4).sort()).toEqual(["shard:0", "shard:1", "shard:2", "shard:3"]);
    expect(log[4]).toBe("final:-");
  });

  it("does not hand out a task before its dependencies succeed", () => {
    createRun("test-write", { shards: 1, withFinal: true });
    const first = claimTask("w1");
    expect(first?.task.kind).toBe("shard");
    expect(claimTask("w2")).toBeNull();
  });

  it("reclaims a task whose lease expired (a crashed worker) and never hands out a live one twice", async () => {
    const run = createRun("test-write", { shards: 1 });
    const now = Date.now();
    const a = claimTask("crashed-worker", 1000, now);
    expect(a).not.toBeNull();
    expect(claimTask("w2", 1000, now + 500)).toBeNull();
    const b = claimTask("w2", 1000, now + 1500);
    expect(b?.task.id).toBe(a!.task.id);
    expect(b?.task.attempts).toBe(2);
    await executeTask(b!.run, b!.task, "w2");
    expect(getRunOrThrow(run.id).status).toBe("succeeded");
    expect(logOf(run.id)).toEqual(["shard:0"]);
  });

  it("retries a failing task up to maxAttempts, then fails the run with the error", async () => {
    const ok = createRun("test-write", { shards: 1, failTimes: 2 });
    await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
    expect(getRunOrThrow(ok.id).status).toBe("succeeded");
    const bad = createRun("test-write", { shards: 2, failTimes: 3 });
    await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
    const failed = getRunOrThrow(bad.id);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/planned failure 3/);
    const t = getDb().select().from(tasks).where(eq(tasks.runId, bad.id)).all();
    expect(t.some((x) => x.status === "failed" && x.attempts === 3)).toBe(true);
  });

  it("cancels a queued run at once, and a running one at its next heartbeat", async () => {
    const queued = createRun("test-write", { shards: 3 });
    cancelRun(queued.id);
    expect(getRunOrThrow(queued.id).status).toBe("cancelled");
    expect(claimTask("w")).toBeNull();
    expect(() => cancelRun(queued.id)).toThrow(/already cancelled/);

    const slow = createRun("test-write", { shards: 1, sleepMs: 5000 });
    const claimed = claimTask("w1")!;
    const running = executeTask(claimed.run, claimed.task, "w1");
    await new Promise((r) => setTimeout(r, 200));
    cancelRun(slow.id);
    const started = Date.now();
    await running;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(getRunOrThrow(slow.id).status).toBe("cancelled");
    expect(getDb().select().from(runs).where(eq(runs.id, slow.id)).get()?.finishedAt).not.toBeNull();
  });

  it("two worker processes on one DB never execute a task twice", async () => {
    const run = createRun("test-write", { shards: 40, sleepMs: 30 });
    const script = path.join(process.cwd(), "tests", "helpers", "test-worker.ts");
    const spawnWorker = () =>
      new Promise<number>((resolve) => {
        const p = spawn(process.execPath, ["--import", "tsx", script], { env: { ...process.env }, stdio: "inherit" });
        p.on("exit", (code) => resolve(code ?? 1));
      });
    const codes = await Promise.all([spawnWorker(), spawnWorker()]);
    expect(codes).toEqual([0, 0]);
    const log = logOf(run.id);
    expect(log).toHaveLength(40);
    expect(new Set(log).size).toBe(40);
    expect(getRunOrThrow(run.id).status).toBe("succeeded");
    // Both processes did part of the work.
    const workers = new Set(fs.readFileSync(path.join(process.env.WINNOW_DATA_DIR!, `${run.id}.workers`), "utf8").trim().split("\n"));
    expect(workers.size).toBe(2);
  });
});
