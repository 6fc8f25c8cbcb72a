import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TInferenceRequest } from "@/lib/inference/client";
import type { TEndpointRow } from "@/lib/inference/endpoints";
import { MalformedAnswerError } from "@/lib/inference/errors";
import { callEndpoint, DEFAULT_RETRY_POLICY, retryDelayMs } from "@/lib/inference/orchestrator";
import { emptyStats } from "@/lib/inference/stats";
import { endpointRow } from "@/tests/helpers/endpoint-row";
import { hashText, startInferenceServer, type TInferenceServer } from "@/tests/helpers/inference-server";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";
import { allowPrivateUrls } from "@/tests/helpers/allow-private-urls";

// The local test servers listen on 127.0.0.1.
allowPrivateUrls();

let server: TInferenceServer;
let seq = 0;

/** A fresh endpoint id per test: each gets its own limiter. */
const endpoint = (over: Partial<TEndpointRow> = {}): TEndpointRow => endpointRow(server.url, { id: `ep_orch_${++seq}`, ...over });

const chat = (content: string): TInferenceRequest => ({ kind: "chat", messages: [{ role: "user", content }], maxTokens: 16, temperature: 0 });
const asText = (t: string) => t;
const fast = { baseDelayMs: 5, maxDelayMs: 20 };

beforeAll(async () => {
  useTempDataDir("orchestrator");
  server = await startInferenceServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe("callEndpoint", () => {
  it("retries 5xx, drops and timeouts, then answers; counts every request", async () => {
    const plan = ["status500", "drop", "slow", "ok"];
    server.setBehaviour((r) => {
      const step = plan[r.nth - 1];
      return step === "status500" ? { kind: "status", status: 500 } : step === "drop" ? { kind: "drop" } : step === "slow" ? { kind: "ok", delayMs: 1600 } : { kind: "ok" };
    });
    const stats = emptyStats();
    const r = await callEndpoint(endpoint({ timeoutMs: 800 }), chat("retry me"), { parse: asText, stats, retry: fast });
    expect(r).toMatchObject({ ok: true, value: "pong: retry me", requests: 4 });
    expect(stats).toMatchObject({ requests: 4, answered: 1, retries: 3, callsOk: 1, callsFailed: 0, requestErrors: { http_5xx: 1, network: 1, timeout: 1 } });
  });

  it("gives up after `attempts` requests with the last error's kind", async () => {
    server.setBehaviour(() => ({ kind: "status", status: 502 }));
    const stats = emptyStats();
    const r = await callEndpoint(endpoint(), chat("always down"), { parse: asText, stats, retry: { ...fast, attempts: 3 } });
    expect(r).toMatchObject({ ok: false, kind: "http_5xx", requests: 3 });
    expect(server.requestsByHash.get(hashText("always down"))).toBe(3);
    expect(stats.callErrors).toEqual({ http_5xx: 1 });
  });

  it("does not retry other 4xx errors", async () => {
    server.setBehaviour(() => ({ kind: "status", status: 400 }));
    const r = await callEndpoint(endpoint(), chat("bad request"), { parse: asText, retry: fast });
    expect(r).toMatchObject({ ok: false, kind: "http_4xx", requests: 1 });
  });

  it("honours Retry-After on 429, for every request to the endpoint", async () => {
    server.setBehaviour((r) => (r.text === "first" && r.nth === 1 ? { kind: "status", status: 429, retryAfter: "0.4" } : { kind: "ok" }));
    const ep = endpoint();
    const first = callEndpoint(ep, chat("first"), { parse: asText });
    await new Promise((r) => setTimeout(r, 50));
    const second = callEndpoint(ep, chat("second"), { parse: asText });
    const [a, b] = await Promise.all([first, second]);
    expect(a.ok && b.ok).toBe(true);
    const t0 = server.startTimes[0];
    // Both the retry and the request queued behind the pause start at least 400 ms after the 429.
    expect(server.startTimes.slice(1).every((t) => t - t0 >= 390)).toBe(true);
    expect(server.startTimes).toHaveLength(3);
  });

  it("backs off exponentially (with jitter at its ceiling)", async () => {
    server.setBehaviour((r) => (r.nth <= 3 ? { kind: "status", status: 503 } : { kind: "ok" }));
    const r = await callEndpoint(endpoint(), chat("backoff"), { parse: asText, retry: { baseDelayMs: 60, maxDelayMs: 1000 }, random: () => 1 });
    expect(r.ok).toBe(true);
    const gaps = server.startTimes.slice(1).map((t, i) => t - server.startTimes[i]);
    expect(gaps[0]).toBeGreaterThanOrEqual(58);
    expect(gaps[1]).toBeGreaterThanOrEqual(118);
    expect(gaps[2]).toBeGreaterThanOrEqual(238);
  });

  it("asks again after a malformed answer, a bounded number of times, then records `malformed`", async () => {
    server.setBehaviour(() => ({ kind: "malformed" }));
    const parse = (t: string) => {
      if (!t.startsWith("pong")) throw new MalformedAnswerError("not a pong");
      return t;
    };
    const stats = emptyStats();
    const cache = { contentHash: "h-malformed", promptVersion: "p1" };
    const r = await callEndpoint(endpoint(), chat("never good"), { parse, stats, cache, retry: { malformedAttempts: 3 } });
    expect(r).toMatchObject({ ok: false, kind: "malformed", requests: 3 });
    expect(stats).toMatchObject({ answered: 3, requestErrors: { malformed: 3 }, callErrors: { malformed: 1 } });
    // Nothing was cached: the next call asks again (and now gets a good answer).
    server.setBehaviour(() => ({ kind: "ok" }));
    const again = await callEndpoint(endpoint(), chat("never good"), { parse, cache });
    expect(again).toMatchObject({ ok: true, cached: false });
  });

  it("answers from the cache under (content hash, model, prompt version)", async () => {
    const ep = endpoint();
    const cache = { contentHash: "h-cache", promptVersion: "p1" };
    const stats = emptyStats();
    const a = await callEndpoint(ep, chat("cache me"), { parse: asText, cache, stats });
    const b = await callEndpoint(ep, chat("cache me"), { parse: asText, cache, stats });
    expect(a).toMatchObject({ ok: true, cached: false });
    expect(b).toMatchObject({ ok: true, cached: true, value: "pong: cache me", requests: 0 });
    expect(server.requestsByHash.get(hashText("cache me"))).toBe(1);
    expect(stats).toMatchObject({ requests: 1, cacheHits: 1, callsOk: 2 });
    await callEndpoint(ep, chat("cache me"), { parse: asText, cache: { ...cache, promptVersion: "p2" } });
    await callEndpoint(endpoint({ model: "other-model" }), chat("cache me"), { parse: asText, cache });
    expect(server.requestsByHash.get(hashText("cache me"))).toBe(3);
  });

  it("never has more than `concurrency` requests in flight", async () => {
    server.setLatency(25);
    const ep = endpoint({ concurrency: 5 });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => callEndpoint(ep, chat(`c${i}`), { parse: asText })));
    server.setLatency(0);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(server.maxInFlight()).toBe(5);
  });

  it("spaces starts to the requests/s limit", async () => {
    const ep = endpoint({ concurrency: 64, requestsPerSecond: 40 });
    const n = 30;
    // When the client sends each request (the server's arrival times would add the network's jitter).
    const sent: number[] = [];
    const timedFetch: typeof fetch = (input, init) => {
      sent.push(Date.now());
      return fetch(input, init);
    };
    await Promise.all(Array.from({ length: n }, (_, i) => callEndpoint(ep, chat(`r${i}`), { parse: asText, fetch: timedFetch })));
    const t = [...sent].sort((a, b) => a - b);
    expect(t).toHaveLength(n);
    // 30 starts at 40/s span at least 29 × 25 ms; no 250 ms window holds more than 10, give or take
    // one: a send is timed a moment after the limiter lets it start, and on a loaded machine that
    // moment varies by a few ms.
    expect(t[n - 1] - t[0]).toBeGreaterThanOrEqual(29 * 25 - 5);
    for (let i = 0; i < n; i++) expect(t.filter((x) => x >= t[i] && x < t[i] + 250).length).toBeLessThanOrEqual(11);
  });

  it("stops when the caller aborts: it throws and sends nothing more", async () => {
    server.setBehaviour(() => ({ kind: "status", status: 500 }));
    const ac = new AbortController();
    const p = callEndpoint(endpoint(), chat("abort me"), { parse: asText, signal: ac.signal, retry: { baseDelayMs: 200, maxDelayMs: 200 }, random: () => 1 });
    setTimeout(() => ac.abort(new Error("run cancelled")), 50);
    await expect(p).rejects.toThrow("run cancelled");
    await new Promise((r) => setTimeout(r, 300));
    expect(server.requestsByHash.get(hashText("abort me"))).toBe(1);
  });

  it("computes retry delays", () => {
    const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, p, undefined, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect(retryDelayMs(3, p, undefined, () => 0.5)).toBe(200);
    expect(retryDelayMs(1, p, 2)).toBe(2000);
    expect(retryDelayMs(1, p, 60)).toBe(5000);
  });
});
