import { errorResponse } from "@/lib/api/route";
import { requireRole } from "@/lib/auth/principal";
import { errorMessage } from "@/lib/errors";
import { listRunEvents } from "@/lib/runs/events";
import { getRunOrThrow, isRunActive, serializeRun } from "@/lib/runs/get-run";
import { logTailStart } from "@/lib/runs/run-log-tail";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const TICK_MS = 500;
const PING_MS = 15_000;
const EVENTS_PER_TICK = 500;

/**
 * Server-Sent Events for one run: `progress` (the run snapshot, each tick when it changed), `log`
 * (an array of new log entries; the SSE `id` is the last entry's id, so a reconnecting EventSource
 * resumes through `Last-Event-ID`), and `done` (`{ status }`) once the run has finished and its log
 * is drained, after which the server closes the stream. `?after=<event id>` skips older entries;
 * `?tail=N` starts with the last N entries. On a server-side failure it sends `stream_error` and
 * closes (the browser reconnects and resumes).
 */
export const GET = async (req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> => {
  const { id } = await ctx.params;
  try {
    await requireRole(req.headers, "viewer");
    getRunOrThrow(id);
  } catch (e) {
    return errorResponse(e);
  }
  const params = new URL(req.url).searchParams;
  const resumeFrom = Number(req.headers.get("last-event-id")) || 0;
  const tail = Number(params.get("tail")) || 0;
  const after = resumeFrom || (tail > 0 ? logTailStart(id, tail) : Number(params.get("after")) || 0);
  const encoder = new TextEncoder();
  let stop = () => {};

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let lastEvent = after;
      let lastSnapshot = "";
      let lastWrite = Date.now();
      let closed = false;
      const write = (chunk: string) => {
        controller.enqueue(encoder.encode(chunk));
        lastWrite = Date.now();
      };
      const send = (event: string, data: string, eventId?: number) =>
        write(`${eventId === undefined ? "" : `id: ${eventId}\n`}event: ${event}\ndata: ${data}\n\n`);
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(timer);
        req.signal.removeEventListener("abort", close);
        try {
          controller.close();
        } catch {
          /* the client is gone */
        }
      };
      const tick = () => {
        if (closed) return;
        try {
          const run = getRunOrThrow(id);
          const snapshot = JSON.stringify(serializeRun(run));
          if (snapshot !== lastSnapshot) {
            lastSnapshot = snapshot;
            send("progress", snapshot);
          }
          const events = listRunEvents(id, lastEvent, EVENTS_PER_TICK);
          if (events.length) {
            lastEvent = events[events.length - 1].id;
            send("log", JSON.stringify(events), lastEvent);
          }
          if (!isRunActive(run) && events.length < EVENTS_PER_TICK) {
            send("done", JSON.stringify({ status: run.status }));
            close();
            return;
          }
          if (Date.now() - lastWrite > PING_MS) write(": ping\n\n");
        } catch (e) {
          try {
            send("stream_error", JSON.stringify({ message: errorMessage(e) }));
          } catch {
            /* the client is gone */
          }
          close();
        }
      };
      const timer = setInterval(tick, TICK_MS);
      stop = close;
      if (req.signal.aborted) return close();
      req.signal.addEventListener("abort", close);
      write("retry: 2000\n\n");
      tick();
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
};
