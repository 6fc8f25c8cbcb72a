import { beforeEach, describe, expect, it } from "vitest";
import { POST as cancelPost } from "@/app/api/runs/[id]/cancel/route";
import { GET as eventsGet } from "@/app/api/runs/[id]/events/route";
import { GET as runGet } from "@/app/api/runs/[id]/route";
import { POST as rerunPost } from "@/app/api/runs/[id]/rerun/route";
import { GET as streamGet } from "@/app/api/runs/[id]/stream/route";
import { GET as listGet } from "@/app/api/runs/route";
import { createRun } from "@/lib/runs/create-run";
import type { TRunEvent } from "@/lib/runs/events";
import { appendRunEvent } from "@/lib/runs/events";
import type { TSerializedRun } from "@/lib/runs/get-run";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import "@/tests/helpers/signal-run-type";
import "@/tests/helpers/test-run-type";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

const BASE = "http://localhost/api/runs";
const ctx = <P>(params: P) => ({ params: Promise.resolve(params) });

type TFrame = { event: string; id?: string; data: unknown };

/** Reads SSE frames until the stream ends, `stopAfter` frames arrive, or `timeoutMs` passes. */
const readFrames = async (res: Response, opts: { stopAfter?: (f: TFrame) => boolean; timeoutMs?: number } = {}) => {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const frames: TFrame[] = [];
  let buf = "";
  let ended = false;
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  while (Date.now() < deadline) {
    const next = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), Math.max(0, deadline - Date.now())))]);
    if (next === null) break;
    if (next.done) {
      ended = true;
      break;
    }
    buf += decoder.decode(next.value, { stream: true });
    let i;
    let stop = false;
    while ((i = buf.indexOf("\n\n")) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const f: Partial<TFrame> = {};
      for (const line of block.split("\n")) {
        const [k, ...v] = line.split(": ");
        if (k === "event") f.event = v.join(": ");
        else if (k === "id") f.id = v.join(": ");
        else if (k === "data") f.data = JSON.parse(v.join(": "));
      }
      if (f.event) {
        frames.push(f as TFrame);
        if (opts.stopAfter?.(f as TFrame)) stop = true;
      }
    }
    if (stop) break;
  }
  return { frames, ended, reader };
};

describe("runs API routes", () => {
  beforeEach(() => {
    useTempDataDir("runs-api");
  });

  it("GET /api/runs lists with filters and a total; bad filters are 422", async () => {
    createRun("test-write", { shards: 1 });
    createRun("test-signal", { tasks: 1 });
    const res = await listGet(new Request(`${BASE}?type=test-write&status=&limit=10`), ctx({}));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { runs: TSerializedRun[]; total: number; limit: number; offset: number };
    expect(body).toMatchObject({ total: 1, limit: 10, offset: 0 });
    expect(body.runs.map((r) => r.type)).toEqual(["test-write"]);
    expect((await listGet(new Request(`${BASE}?status=bogus`), ctx({}))).status).toBe(422);
  });

  it("GET /api/runs/:id, /events, POST /cancel and /rerun", async () => {
    const run = createRun("test-signal", { tasks: 2 });
    const got = await runGet(new Request(`${BASE}/${run.id}`), ctx({ id: run.id }));
    expect(((await got.json()) as { tasks: unknown[] }).tasks).toHaveLength(2);
    expect((await runGet(new Request(`${BASE}/nope`), ctx({ id: "nope" }))).status).toBe(404);

    const cancelled = await cancelPost(new Request(`${BASE}/${run.id}/cancel`, { method: "POST" }), ctx({ id: run.id }));
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as { run: TSerializedRun }).run.status).toBe("cancelled");
    const again = await cancelPost(new Request(`${BASE}/${run.id}/cancel`, { method: "POST" }), ctx({ id: run.id }));
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe("CONFLICT");

    const ev = await eventsGet(new Request(`${BASE}/${run.id}/events?after=0`), ctx({ id: run.id }));
    const events = ((await ev.json()) as { events: TRunEvent[] }).events;
    expect(events.map((e) => e.kind)).toEqual(["run_created", "cancel_requested", "run_cancelled"]);
    const after = await eventsGet(new Request(`${BASE}/${run.id}/events?after=${events[1].id}`), ctx({ id: run.id }));
    expect(((await after.json()) as { events: TRunEvent[] }).events.map((e) => e.kind)).toEqual(["run_cancelled"]);

    const same = await rerunPost(new Request(`${BASE}/${run.id}/rerun`, { method: "POST" }), ctx({ id: run.id }));
    expect(same.status).toBe(200);
    expect(((await same.json()) as { runId: string }).runId).toMatch(/^run_/);
    const edited = await rerunPost(new Request(`${BASE}/${run.id}/rerun`, { method: "POST", body: JSON.stringify({ config: { tasks: 4 } }) }), ctx({ id: run.id }));
    const { runId } = (await edited.json()) as { runId: string };
    const detail = (await (await runGet(new Request(`${BASE}/${runId}`), ctx({ id: runId }))).json()) as { run: TSerializedRun; tasks: unknown[] };
    expect(detail.run.config).toMatchObject({ tasks: 4 });
    expect(detail.tasks).toHaveLength(4);
    expect((await rerunPost(new Request(`${BASE}/${run.id}/rerun`, { method: "POST", body: "{oops" }), ctx({ id: run.id }))).status).toBe(400);
    expect((await rerunPost(new Request(`${BASE}/${run.id}/rerun`, { method: "POST", body: JSON.stringify({ config: { tasks: 0 } }) }), ctx({ id: run.id }))).status).toBe(422);
  });

  it("GET /stream sends progress and log while the run works, then done, and closes", async () => {
    const run = createRun("test-write", { shards: 3, sleepMs: 400 });
    const worker = runWorkerLoop({ exitWhenIdle: true, idleMs: 5 });
    const res = await streamGet(new Request(`${BASE}/${run.id}/stream`), ctx({ id: run.id }));
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    const { frames, ended } = await readFrames(res, { timeoutMs: 15_000 });
    await worker;
    expect(ended).toBe(true);
    const progress = frames.filter((f) => f.event === "progress").map((f) => f.data as TSerializedRun);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.some((p) => p.status === "running" && p.itemsDone > 0 && p.itemsDone < 3)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ status: "succeeded", itemsDone: 3 });
    const logs = frames.filter((f) => f.event === "log");
    const events = logs.flatMap((f) => f.data as TRunEvent[]);
    expect(events[0].kind).toBe("run_created");
    expect(events.at(-1)!.kind).toBe("run_succeeded");
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    for (const f of logs) expect(Number(f.id)).toBe((f.data as TRunEvent[]).at(-1)!.id);
    expect(frames.at(-1)).toEqual({ event: "done", data: { status: "succeeded" } });
  });

  it("GET /stream resumes after Last-Event-ID or ?after, starts at ?tail, and 404s for an unknown run", async () => {
    const run = createRun("test-signal", { tasks: 1 });
    for (let i = 0; i < 9; i++) appendRunEvent(run.id, "info", "note", `note ${i}`);
    const all = (await (await eventsGet(new Request(`${BASE}/${run.id}/events`), ctx({ id: run.id }))).json()) as { events: TRunEvent[] };
    expect(all.events).toHaveLength(10);
    const logOf = async (req: Request) => {
      const controller = new AbortController();
      const res = await streamGet(new Request(req, { signal: controller.signal }), ctx({ id: run.id }));
      const { frames } = await readFrames(res, { stopAfter: (f) => f.event === "log", timeoutMs: 3_000 });
      controller.abort();
      return frames.filter((f) => f.event === "log").flatMap((f) => f.data as TRunEvent[]).map((e) => e.message);
    };
    const resumeId = all.events[6].id;
    expect(await logOf(new Request(`${BASE}/${run.id}/stream`, { headers: { "last-event-id": String(resumeId) } }))).toEqual(["note 6", "note 7", "note 8"]);
    expect(await logOf(new Request(`${BASE}/${run.id}/stream?after=${resumeId}`))).toEqual(["note 6", "note 7", "note 8"]);
    expect(await logOf(new Request(`${BASE}/${run.id}/stream?tail=2`))).toEqual(["note 7", "note 8"]);
    expect((await streamGet(new Request(`${BASE}/nope/stream`), ctx({ id: "nope" }))).status).toBe(404);
  });

  it("GET /stream closes when the client goes away while the run is still active", async () => {
    const run = createRun("test-signal", { tasks: 1 });
    const controller = new AbortController();
    const res = await streamGet(new Request(`${BASE}/${run.id}/stream`, { signal: controller.signal }), ctx({ id: run.id }));
    const first = await readFrames(res, { stopAfter: (f) => f.event === "log", timeoutMs: 3_000 });
    expect(first.frames.map((f) => f.event)).toEqual(["progress", "log"]);
    controller.abort();
    const t0 = Date.now();
    const next = await Promise.race([first.reader.read(), new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 2_000))]);
    expect(next).not.toBe("timeout");
    expect((next as ReadableStreamReadResult<Uint8Array>).done).toBe(true);
    expect(Date.now() - t0).toBeLessThan(1_500);
  });
});
