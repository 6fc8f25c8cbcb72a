import { spawn } from "node:child_process";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { runs, tasks } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import { claimTask, renewLease } from "@/lib/runs/claim-task";
import { createRun } from "@/lib/runs/create-run";
import { executeTask } from "@/lib/runs/execute-task";
import { listRunEvents } from "@/lib/runs/events";
import { getRunOrThrow } from "@/lib/runs/get-run";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import "@/tests/helpers/signal-run-type";
import "@/tests/helpers/test-run-type";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

const tasksOf = (runId: string) => getDb().select().from(tasks).where(eq(tasks.runId, runId)).orderBy(tasks.idx).all();
const setCreatedAt = (runId: string, ts: number) => getDb().update(runs).set({ createdAt: ts }).where(eq(runs.id, runId)).run();

describe("claimTask", () => {
  beforeEach(() => {
    useTempDataDir("claim");
  });

  it("hands out the oldest run's tasks first, in index order, and marks the run running", () => {
    const newer = createRun("test-write", { shards: 2 });
    const older = createRun("test-write", { shards: 2 });
    setCreatedAt(older.id, 1_000);
    setCreatedAt(newer.id, 2_000);
    const order = [1, 2, 3, 4].map(() => {
      const c = claimTask("w")!;
      return `${c.run.id === older.id ? "older" : "newer"}:${c.task.idx}`;
    });
    expect(order).toEqual(["older:0", "older:1", "newer:0", "newer:1"]);
    expect(claimTask("w")).toBeNull();
    const run = getRunOrThrow(older.id);
    expect(run.status).toBe("running");
    expect(run.startedAt).not.toBeNull();
    const t = tasksOf(older.id)[0];
    expect(t).toMatchObject({ status: "running", leaseOwner: "w", attempts: 1 });
  });

  it("with a run id, claims only that run's tasks, even when an older run has an abandoned one", async () => {
    const t0 = Date.now();
    const abandoned = createRun("test-write", { shards: 1 });
    const mine = createRun("test-write", { shards: 2 });
    setCreatedAt(abandoned.id, 1_000);
    setCreatedAt(mine.id, 2_000);
    // A CLI claimed the older run's task and was killed: its lease has expired.
    expect(claimTask("killed-cli", 1_000, t0)!.run.id).toBe(abandoned.id);
    const c = claimTask("cli", 1_000, t0 + 5_000, mine.id)!;
    expect(c.run.id).toBe(mine.id);
    await runWorkerLoop({ runId: mine.id, exitWhenIdle: true, idleMs: 5 });
    expect(getRunOrThrow(mine.id).status).toBe("running"); // the first claim above was never executed
    await executeTask(c.run, c.task, "cli");
    expect(getRunOrThrow(mine.id).status).toBe("succeeded");
    expect(tasksOf(abandoned.id)[0]).toMatchObject({ status: "running", leaseOwner: "killed-cli", attempts: 1 });
    // Without a run id, a worker does pick the abandoned task up again.
    expect(claimTask("worker", 1_000, Date.now() + 5_000)!.run.id).toBe(abandoned.id);
  });

  it("holds a dependent task back until every dependency succeeded, and never runs it if one fails", async () => {
    const run = createRun("test-write", { shards: 2, withFinal: true });
    const a = claimTask("w1")!;
    const b = claimTask("w2")!;
    expect([a.task.kind, b.task.kind]).toEqual(["shard", "shard"]);
    expect(claimTask("w3")).toBeNull();
    await executeTask(a.run, a.task, "w1");
    expect(claimTask("w3")).toBeNull();
    await executeTask(b.run, b.task, "w2");
    const final = claimTask("w3")!;
    expect(final.task.kind).toBe("final");
    await executeTask(final.run, final.task, "w3");
    expect(getRunOrThrow(run.id).status).toBe("succeeded");

    const bad = createRun("test-write", { shards: 1, withFinal: true, failTimes: 5 });
    await runWorkerLoop({ exitWhenIdle: true, idleMs: 5 });
    expect(getRunOrThrow(bad.id).status).toBe("failed");
    const [shard, fin] = tasksOf(bad.id);
    expect(shard.status).toBe("failed");
    expect(fin).toMatchObject({ status: "cancelled", attempts: 0 });
  });

  it("interleaved claimers never get the same task", () => {
    const run = createRun("test-write", { shards: 30 });
    const got: Record<string, string[]> = { w1: [], w2: [], w3: [] };
    for (let i = 0; ; i++) {
      const w = ["w1", "w2", "w3"][i % 3];
      const c = claimTask(w);
      if (!c) break;
      got[w].push(c.task.id);
    }
    const all = [...got.w1, ...got.w2, ...got.w3];
    expect(all).toHaveLength(30);
    expect(new Set(all).size).toBe(30);
    expect(got.w1).toHaveLength(10);
    for (const t of tasksOf(run.id)) expect(got[t.leaseOwner!]).toContain(t.id);
  });

  it("re-claims a task whose lease expired for another worker; the old worker loses the lease and its late result", async () => {
    const run = createRun("test-write", { shards: 1 });
    const t0 = Date.now();
    const first = claimTask("w-old", 1_000, t0)!;
    expect(claimTask("w-new", 1_000, t0 + 999)).toBeNull();
    const second = claimTask("w-new", 1_000, t0 + 1_001)!;
    expect(second.task.id).toBe(first.task.id);
    expect(second.task).toMatchObject({ leaseOwner: "w-new", attempts: 2 });
    expect(renewLease(first.task.id, "w-old")).toBe(false);
    expect(renewLease(first.task.id, "w-new")).toBe(true);

    // The old worker finishes late: its result must not count, the task stays with the new owner.
    await executeTask(first.run, first.task, "w-old");
    expect(tasksOf(run.id)[0]).toMatchObject({ status: "running", leaseOwner: "w-new" });
    expect(getRunOrThrow(run.id).status).toBe("running");

    await executeTask(second.run, second.task, "w-new");
    expect(tasksOf(run.id)[0]).toMatchObject({ status: "succeeded", attempts: 2, itemsDone: 1 });
    // The stale worker's progress was not counted.
    expect(getRunOrThrow(run.id)).toMatchObject({ status: "succeeded", itemsDone: 1 });
  });

  it("does not hand out a task again once its last attempt's lease expired: the task and the run fail", () => {
    const run = createRun("test-signal", { tasks: 2, maxAttempts: 2 });
    const t0 = Date.now();
    const a1 = claimTask("w1", 1_000, t0)!;
    claimTask("w1", 1_000, t0); // the second task, which stays healthy
    const a2 = claimTask("w2", 1_000, t0 + 1_500)!;
    expect(a2.task).toMatchObject({ id: a1.task.id, attempts: 2 });
    // w2 dies too. Nothing is handed out, and the run fails with the reason.
    expect(claimTask("w3", 1_000, t0 + 3_000)).toBeNull();
    const failed = getRunOrThrow(run.id);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/Task 0 failed: worker w2 lost its lease on attempt 2/);
    expect(failed.errorCount).toBe(1);
    expect(tasksOf(run.id)[0]).toMatchObject({ status: "failed", attempts: 2, leaseOwner: null });
    expect(listRunEvents(run.id).map((e) => e.kind)).toEqual(expect.arrayContaining(["task_failed", "run_failed"]));
  });

  it("retries a throwing task until maxAttempts, keeping each error, then fails the run with it", async () => {
    const run = createRun("test-write", { shards: 1, failTimes: 3 });
    const c1 = claimTask("w")!;
    await executeTask(c1.run, c1.task, "w");
    expect(tasksOf(run.id)[0]).toMatchObject({ status: "queued", attempts: 1, error: "planned failure 1" });
    expect(getRunOrThrow(run.id)).toMatchObject({ status: "running", errorCount: 1 });
    for (let i = 2; i <= 3; i++) {
      const c = claimTask("w")!;
      expect(c.task.attempts).toBe(i);
      await executeTask(c.run, c.task, "w");
    }
    expect(claimTask("w")).toBeNull();
    const failed = getRunOrThrow(run.id);
    expect(failed).toMatchObject({ status: "failed", errorCount: 3, error: "Task 0 failed: planned failure 3" });
    expect(failed.finishedAt).not.toBeNull();
    const kinds = listRunEvents(run.id).map((e) => e.kind);
    expect(kinds.filter((k) => k === "task_error")).toHaveLength(2);
    expect(kinds).toContain("task_failed");
  });

  it("several processes claiming from one DB file at once never get the same task", async () => {
    const n = 300;
    const run = createRun("test-write", { shards: n });
    const script = path.join(process.cwd(), "tests", "helpers", "claim-loop.ts");
    const startAt = Date.now() + 4_000;
    const claimer = (workerId: string) =>
      new Promise<{ workerId: string; ids: string[]; lateBy: number }>((resolve, reject) => {
        const p = spawn(process.execPath, ["--import", "tsx", script], {
          env: { ...process.env, CLAIM_WORKER_ID: workerId, CLAIM_START_AT: String(startAt) },
          stdio: ["ignore", "pipe", "inherit"],
        });
        let out = "";
        p.stdout.on("data", (d: Buffer) => (out += d.toString()));
        p.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!)) : reject(new Error(`claimer exited ${code}`))));
      });
    const results = await Promise.all(["p1", "p2", "p3"].map(claimer));
    if (process.env.DEBUG_CLAIMS) console.log(results.map((r) => `${r.workerId}: ${r.ids.length} claims, started ${-r.lateBy} ms early`));
    const all = results.flatMap((r) => r.ids);
    expect(all).toHaveLength(n);
    expect(new Set(all).size).toBe(n);
    // The DB agrees with what each process saw.
    const owners = new Map(tasksOf(run.id).map((t) => [t.id, t.leaseOwner]));
    for (const r of results) for (const id of r.ids) expect(owners.get(id)).toBe(r.workerId);
    // They really ran side by side (each started on time and got a share).
    if (results.every((r) => r.lateBy < 0)) expect(results.filter((r) => r.ids.length > 0).length).toBeGreaterThanOrEqual(2);
  });
});
