import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runs, tasks } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

// One process per CLI (the tsx binary would wrap it in a second one that a SIGKILL leaves behind).
const cli = (args: string[], env: NodeJS.ProcessEnv) => spawn(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });

const exited = (child: ReturnType<typeof cli>) =>
  new Promise<{ code: number | null; out: string }>((resolve) => {
    let out = "";
    child.stdout!.on("data", (c) => (out += c));
    child.stderr!.on("data", (c) => (out += c));
    child.on("exit", (code) => resolve({ code, out }));
  });

describe("CLI", () => {
  it("runs only its own run's tasks: a task left by a CLI killed mid-ingest is not picked up by the next command", async () => {
    const dir = useTempDataDir("cli");
    const env = { ...process.env, WINNOW_DATA_DIR: dir, WINNOW_LEASE_MS: "1000", WINNOW_DEMO: "0" };
    const big = path.join(dir, "big.jsonl");
    fs.writeFileSync(big, Array.from({ length: 200_000 }, (_, i) => JSON.stringify({ id: `d${i}`, text: `document ${i} with a few words of text in it` })).join("\n"));
    const small = path.join(dir, "small.jsonl");
    fs.writeFileSync(small, Array.from({ length: 20 }, (_, i) => JSON.stringify({ id: `s${i}`, text: `small document ${i}` })).join("\n"));

    const first = cli(["ingest", big, "--name", "big"], env);
    const firstDone = exited(first);
    const deadline = Date.now() + 60_000;
    let abandoned: { id: string; runId: string } | undefined;
    while (!abandoned) {
      abandoned = getDb().select({ id: tasks.id, runId: tasks.runId }).from(tasks).where(eq(tasks.status, "running")).get();
      if (Date.now() > deadline) throw new Error(`the first CLI never started its task: ${(await Promise.race([firstDone, Promise.resolve({ out: "" })])).out}`);
      if (!abandoned) await new Promise((r) => setTimeout(r, 20));
    }
    first.kill("SIGKILL");
    await firstDone;
    const left = getDb().select().from(tasks).where(eq(tasks.id, abandoned.id)).get()!;
    expect(left.status).toBe("running");
    await new Promise((r) => setTimeout(r, 1_200)); // its lease has expired: any claimer could take it now

    const second = await exited(cli(["ingest", small, "--name", "small"], env));
    expect(second.code, second.out).toBe(0);
    expect(second.out).toContain("20 documents");
    const after = getDb().select().from(tasks).where(eq(tasks.id, abandoned.id)).get()!;
    expect(after).toMatchObject({ status: "running", attempts: left.attempts, leaseOwner: left.leaseOwner });
    expect(getDb().select().from(runs).where(eq(runs.id, abandoned.runId)).get()!.status).toBe("running");
  });
});
