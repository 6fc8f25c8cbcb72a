/**
 * Orchestrator throughput: documents rated per second against the local inference server
 * (a separate process, 20 ms latency per answer) at concurrency 64, with no document lost or
 * answered twice. Cases: bare chat calls through `callEndpoint` (limiter + retries + parse), the
 * same over Node's built-in fetch instead of our node:http transport, and the full DataMan path (`rateDocuments`: cleaning, truncation, prompt, parse, one cache write
 * per answer to the SQLite metadata DB).
 */
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { inArray } from "drizzle-orm";
import { inferenceCache } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import { rateDocuments } from "@/lib/dataman/rate-documents";
import type { TEndpointRow } from "@/lib/inference/endpoints";
import { callEndpoint } from "@/lib/inference/orchestrator";
import { emptyStats } from "@/lib/inference/stats";

type TServerStats = { requests: number; answers: number; distinct: number; duplicates: number; maxInFlight: number };

const ask = <T>(child: ChildProcess, message: string, key: string): Promise<T> =>
  new Promise((resolve) => {
    const on = (m: Record<string, unknown>) => {
      if (key in m) {
        child.off("message", on);
        resolve(m as T);
      }
    };
    child.on("message", on);
    child.send(message);
  });

const WORDS = "the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were her she there had all their one we can been has more if will would".split(" ");

/** Distinct documents of about 1 KB (distinct texts: distinct content hashes). */
const makeDocs = (n: number, seed: number) =>
  Array.from({ length: n }, (_, i) => {
    let x = (i + 1) * 2654435761 + seed;
    const words: string[] = [`doc-${seed}-${i}`];
    for (let k = 0; k < 180; k++) {
      x = (x * 1103515245 + 12345) >>> 0;
      words.push(WORDS[x % WORDS.length]);
    }
    return { id: `d${i}`, text: `${words.join(" ")}.` };
  });

export const benchInference = async (opts: { docs: number; concurrency: number; latencyMs: number }) => {
  const server = fork(path.resolve("bench/inference-server-main.ts"), [], { execArgv: ["--import", "tsx"], env: { ...process.env, BENCH_SERVER_LATENCY_MS: String(opts.latencyMs) }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const { url } = await new Promise<{ url: string }>((resolve) => server.once("message", (m) => resolve(m as { url: string })));
  const model = `bench-model-${process.pid}-${Date.now()}`;
  const endpoint: TEndpointRow = {
    id: `ep_bench_${process.pid}`,
    name: "bench",
    kind: "openai",
    baseUrl: url,
    model,
    provider: null,
    token: null,
    concurrency: opts.concurrency,
    requestsPerSecond: 0,
    timeoutMs: 30_000,
    maxInputTokens: 1894,
    priceInPerM: null,
    priceOutPerM: null,
    createdAt: 0,
    updatedAt: Date.now(),
  };
  const results: Record<string, unknown> = { docs: opts.docs, concurrency: opts.concurrency, serverLatencyMs: opts.latencyMs };
  const timed = async (name: string, fn: (docs: { id: string; text: string }[]) => Promise<number>, seed: number) => {
    await ask(server, "reset", "reset");
    const docs = makeDocs(opts.docs, seed);
    // Warm-up (connections, tokenizer): not counted.
    await fn(makeDocs(200, seed + 1000));
    await ask(server, "reset", "reset");
    const cpu = process.cpuUsage();
    const t = performance.now();
    const ok = await fn(docs);
    const secs = (performance.now() - t) / 1000;
    const used = process.cpuUsage(cpu);
    const s = await ask<TServerStats>(server, "stats", "requests");
    const r = {
      seconds: Math.round(secs * 100) / 100,
      docsPerSecond: Math.round(opts.docs / secs),
      ok,
      lost: opts.docs - ok,
      serverAnswers: s.answers,
      answeredTwice: s.duplicates,
      serverMaxInFlight: s.maxInFlight,
      clientCpuSeconds: Math.round(((used.user + used.system) / 1e6) * 100) / 100,
    };
    results[name] = r;
    console.log(name, JSON.stringify(r));
  };

  try {
    await timed(
      "callEndpoint",
      async (docs) => {
        const outs = await Promise.all(docs.map((d) => callEndpoint(endpoint, { kind: "chat", messages: [{ role: "user", content: d.text }], maxTokens: 16, temperature: 0 }, { parse: (x) => x })));
        return outs.filter((o) => o.ok).length;
      },
      1,
    );
    // The same through Node's built-in fetch (undici), for the transport decision (docs/architecture.md).
    await timed(
      "callEndpointNodeFetch",
      async (docs) => {
        const outs = await Promise.all(docs.map((d) => callEndpoint(endpoint, { kind: "chat", messages: [{ role: "user", content: d.text }], maxTokens: 16, temperature: 0 }, { parse: (x) => x, fetch: globalThis.fetch })));
        return outs.filter((o) => o.ok).length;
      },
      3,
    );
    await timed(
      "datamanRateDocuments",
      async (docs) => {
        const stats = emptyStats();
        let ok = 0;
        for (let i = 0; i < docs.length; i += 1000) {
          const out = await rateDocuments(docs.slice(i, i + 1000), endpoint, { style: "dataman", maxTokens: 64, temperature: 0, tokenizer: "cl100k_base", retry: {}, stats });
          ok += out.filter((o) => o.ok).length;
        }
        return ok;
      },
      2,
    );
  } finally {
    server.send("stop");
    getDb().delete(inferenceCache).where(inArray(inferenceCache.model, [model])).run();
  }
  return results;
};
