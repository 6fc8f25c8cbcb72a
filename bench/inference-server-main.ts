/**
 * The local inference server (tests/helpers/inference-server.ts) in its own process, for the
 * inference bench: the orchestrator and the server do not share an event loop. Started with an
 * IPC channel: sends `{ url }` when listening; answers `"stats"` with its counters; exits on `"stop"`.
 */
import { startInferenceServer } from "@/tests/helpers/inference-server";

const latencyMs = Number(process.env.BENCH_SERVER_LATENCY_MS ?? 20);

startInferenceServer({ latencyMs }).then((server) => {
  server.recordRequests(false);
  process.send?.({ url: server.url });
  process.on("message", (m) => {
    if (m === "stats") {
      let duplicates = 0;
      let answers = 0;
      for (const n of server.answersByHash.values()) {
        answers += n;
        if (n > 1) duplicates++;
      }
      process.send?.({ requests: server.startTimes.length, answers, distinct: server.answersByHash.size, duplicates, maxInFlight: server.maxInFlight() });
    } else if (m === "reset") {
      server.reset();
      process.send?.({ reset: true });
    } else if (m === "stop") void server.close().then(() => process.exit(0));
  });
});
