import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sendInferenceRequest, parseRetryAfter, type TInferenceRequest } from "@/lib/inference/client";
import type { TEndpointRow } from "@/lib/inference/endpoints";
import { InferenceError } from "@/lib/inference/errors";
import { endpointRow } from "@/tests/helpers/endpoint-row";
import { serverTokens, startInferenceServer, type TInferenceServer } from "@/tests/helpers/inference-server";
import { allowPrivateUrls } from "@/tests/helpers/allow-private-urls";

// The local test servers listen on 127.0.0.1.
allowPrivateUrls();

let server: TInferenceServer;
const TOKEN = "hf_secretTokenValue0123456789";

const endpoint = (over: Partial<TEndpointRow> = {}): TEndpointRow => endpointRow(server.url, { token: TOKEN, concurrency: 4, ...over });

const chat = (content: string): TInferenceRequest => ({ kind: "chat", messages: [{ role: "user", content }], maxTokens: 16, temperature: 0 });
const gen = (prompt: string): TInferenceRequest => ({ kind: "generate", prompt, maxTokens: 16, temperature: 0 });

const failure = async (p: Promise<unknown>): Promise<InferenceError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof InferenceError) return e;
    throw e;
  }
  throw new Error("expected the request to fail");
};

beforeAll(async () => {
  server = await startInferenceServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe("inference client", () => {
  it("openai: chat completions at <baseUrl>/v1/chat/completions, with the token and usage from the server", async () => {
    const a = await sendInferenceRequest(endpoint(), chat("hello there"));
    expect(a.text).toBe("pong: hello there");
    expect(a.tokensIn).toBe(serverTokens("hello there"));
    expect(a.tokensOut).toBe(serverTokens("pong: hello there"));
    expect(a.tokensCounted).toBe(false);
    expect(a.latencyMs).toBeGreaterThan(0);
    const r = server.requests[0];
    expect(r.path).toBe("/v1/chat/completions");
    expect(r.authorization).toBe(`Bearer ${TOKEN}`);
    expect(r.body).toMatchObject({ model: "test-model", max_tokens: 16, temperature: 0, messages: [{ role: "user", content: "hello there" }] });
  });

  it("accepts a base URL that already ends in /v1", async () => {
    await sendInferenceRequest(endpoint({ baseUrl: `${server.url}/v1` }), chat("x"));
    expect(server.requests[0].path).toBe("/v1/chat/completions");
  });

  it("tgi: raw prompts go to POST /generate as { inputs, parameters }; greedy is do_sample=false", async () => {
    const a = await sendInferenceRequest(endpoint({ kind: "tgi", model: "", token: null }), { ...gen("raw prompt"), stop: ["<|im_end|>"] });
    expect(a.text).toBe("pong: raw prompt");
    const r = server.requests[0];
    expect(r.path).toBe("/generate");
    expect(r.authorization).toBeUndefined();
    expect(r.body).toEqual({ inputs: "raw prompt", parameters: { max_new_tokens: 16, do_sample: false, stop: ["<|im_end|>"], details: true } });
    // details.generated_tokens is reported; the prompt's tokens are not (no prefill), so they are counted here.
    expect(a.tokensOut).toBe(serverTokens("pong: raw prompt"));
    expect(a.tokensCounted).toBe(true);
    expect(a.tokensIn).toBeGreaterThan(0);
  });

  it("tgi with temperature > 0 samples", async () => {
    await sendInferenceRequest(endpoint({ kind: "tgi" }), { ...gen("p"), temperature: 0.7 });
    expect(server.requests[0].body.parameters).toMatchObject({ do_sample: true, temperature: 0.7 });
  });

  it("openai: raw prompts go to /v1/completions", async () => {
    const a = await sendInferenceRequest(endpoint(), gen("complete me"));
    expect(server.requests[0].path).toBe("/v1/completions");
    expect(server.requests[0].body).toMatchObject({ model: "test-model", prompt: "complete me", max_tokens: 16 });
    expect(a.text).toBe("pong: complete me");
    expect(a.tokensIn).toBe(serverTokens("complete me"));
  });

  it("hf_endpoint: chat completions on the endpoint URL", async () => {
    await sendInferenceRequest(endpoint({ kind: "hf_endpoint", model: "" }), chat("hi"));
    expect(server.requests[0].path).toBe("/v1/chat/completions");
    expect(server.requests[0].authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("hf_provider: the Hub's provider mapping, then the router's provider route with the model id", async () => {
    const seen: string[] = [];
    // Route the Hub and the router to the local server.
    const routed: typeof fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      seen.push(url);
      return fetch(url.replace(/^https:\/\/(router\.)?huggingface\.co/, server.url), init);
    };
    const ep = endpoint({ kind: "hf_provider", baseUrl: null, model: "org/some-model", provider: "together" });
    const a = await sendInferenceRequest(ep, chat("via provider"), { fetch: routed });
    expect(a.text).toBe("pong: via provider");
    expect(seen[0]).toMatch(/^https:\/\/huggingface\.co\/api\/models\/org\/some-model/);
    expect(seen.at(-1)).toBe("https://router.huggingface.co/together/v1/chat/completions");
    // The model id sent is the provider's id from the mapping.
    expect(server.requests[0].body.model).toBe("together/test-model");
    expect(server.requests[0].authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("maps failures to error kinds", async () => {
    const cases: [Parameters<TInferenceServer["setBehaviour"]>[0], string, number | undefined][] = [
      [() => ({ kind: "status", status: 500 }), "http_5xx", 500],
      [() => ({ kind: "status", status: 503 }), "http_5xx", 503],
      [() => ({ kind: "status", status: 429, retryAfter: "3" }), "http_429", 429],
      [() => ({ kind: "status", status: 404 }), "http_4xx", 404],
      [() => ({ kind: "status", status: 401 }), "http_4xx", 401],
      [() => ({ kind: "drop" }), "network", undefined],
      [() => ({ kind: "raw", status: 200, body: "<html>not json</html>" }), "bad_response", undefined],
      [() => ({ kind: "raw", status: 200, body: '{"choices":[]}' }), "bad_response", undefined],
      [() => ({ kind: "raw", status: 200, body: "plain", contentType: "text/plain" }), "bad_response", undefined],
      [() => ({ kind: "ok", delayMs: 2000 }), "timeout", undefined],
    ];
    for (const [behaviour, kind, status] of cases) {
      server.setBehaviour(behaviour);
      const e = await failure(sendInferenceRequest(endpoint({ timeoutMs: 1000 }), chat("x")));
      expect([e.kind, e.status], e.message).toEqual([kind, status]);
      if (kind === "http_429") expect(e.retryAfterSeconds).toBe(3);
    }
    for (const [behaviour, kind] of cases.slice(0, 7)) {
      server.setBehaviour(behaviour);
      const e = await failure(sendInferenceRequest(endpoint({ kind: "tgi", timeoutMs: 1000 }), gen("x")));
      expect(e.kind).toBe(kind);
    }
  });

  it("connection refused is a network error", async () => {
    const e = await failure(sendInferenceRequest(endpoint({ baseUrl: "http://127.0.0.1:9" }), chat("x")));
    expect(e.kind).toBe("network");
  });

  it("an aborted caller gets `cancelled`, not a timeout", async () => {
    server.setBehaviour(() => ({ kind: "ok", delayMs: 500 }));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const e = await failure(sendInferenceRequest(endpoint(), chat("x"), { signal: ac.signal }));
    expect(e.kind).toBe("cancelled");
  });

  it("never puts the token into an error message, even when the server echoes it", async () => {
    server.setBehaviour(() => ({ kind: "raw", status: 401, body: JSON.stringify({ error: `bad token ${TOKEN}` }) }));
    const e = await failure(sendInferenceRequest(endpoint(), chat("x")));
    expect(e.kind).toBe("http_4xx");
    expect(e.message).toContain("[redacted]");
    expect(e.message).not.toContain(TOKEN);
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("2")).toBe(2);
    expect(parseRetryAfter("0.5")).toBe(0.5);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});
