import { errorResponse } from "@/lib/api/route";
import { listRunEvents } from "@/lib/runs/events";
import { getRunOrThrow, isRunActive, serializeRun } from "@/lib/runs/get-run";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const TICK_MS = 500;

/**
 * Server-Sent Events: `progress` (the run snapshot) every tick while it changes, `log` for new
 * log entries, and `done` once the run has finished.
 */
export const GET = async (req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> => {
  const { id } = await ctx.params;
  try {
    getRunOrThrow(id);
  } catch (e) {
    return errorResponse(e);
  }
  const after = Number(new URL(req.url).searchParams.get("after") ?? 0) || 0;
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let lastEvent = after;
      let lastSnapshot = "";
      let closed = false;
      const send = (event: string, data: unknown) => controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(timer);
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      const tick = () => {
        if (closed) return;
        try {
          const run = getRunOrThrow(id);
          const snapshot = JSON.stringify(serializeRun(run));
          if (snapshot !== lastSnapshot) {
            lastSnapshot = snapshot;
            controller.enqueue(encoder.encode(`event: progress\ndata: ${snapshot}\n\n`));
          }
          const events = listRunEvents(id, lastEvent, 500);
          if (events.length) {
            lastEvent = events[events.length - 1].id;
            send("log", events);
          }
          if (!isRunActive(run) && events.length < 500) {
            send("done", { status: run.status });
            close();
          }
        } catch (e) {
          send("error", { message: (e as Error).message });
          close();
        }
      };
      const timer = setInterval(tick, TICK_MS);
      req.signal.addEventListener("abort", close);
      tick();
    },
  });
  return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", connection: "keep-alive" } });
};
