import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as oneGet, PATCH as onePatch, DELETE as oneDelete } from "@/app/api/endpoints/[id]/route";
import { POST as testPost } from "@/app/api/endpoints/[id]/test/route";
import { GET as listGet, POST as createPost } from "@/app/api/endpoints/route";
import { getDb } from "@/lib/db/client";
import { maskToken } from "@/lib/inference/endpoint-schema";
import { getEndpointRowOrThrow } from "@/lib/inference/endpoints";
import { startInferenceServer, type TInferenceServer } from "@/tests/helpers/inference-server";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";
import { allowPrivateUrls } from "@/tests/helpers/allow-private-urls";

// The local test servers listen on 127.0.0.1.
allowPrivateUrls();

const TOKEN = "hf_TopSecretTokenForTests_9z8y";
const BASE = "http://localhost/api/endpoints";
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const json = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const patch = (body: unknown) => ({ ...json(body), method: "PATCH" });

let server: TInferenceServer;
beforeAll(async () => {
  useTempDataDir("endpoints");
  server = await startInferenceServer();
});
afterAll(() => server.close());

const create = async (body: Record<string, unknown>) => {
  const res = await createPost(new Request(BASE, json(body)), ctx(""));
  return { status: res.status, text: await res.text() };
};

describe("endpoint store and API", () => {
  it("masks tokens", () => {
    expect(maskToken(TOKEN)).toBe("hf_…9z8y");
    expect(maskToken("sk-abcdefghijklmnop1234")).toBe("sk-…1234");
    expect(maskToken("abcdefghijklmnopqrst")).toBe("…qrst");
    expect(maskToken("short-token")).toBe("set");
    expect(maskToken(null)).toBeNull();
    expect(maskToken("")).toBeNull();
  });

  it("stores the token but never returns it: create, list, get, update, test", async () => {
    const logged: string[] = [];
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((m) => vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void logged.push(a.map(String).join(" "))));
    try {
      const created = await create({ name: "local", kind: "openai", baseUrl: `${server.url}/`, model: "test-model", token: TOKEN, concurrency: 4, priceInPerM: 0.5, priceOutPerM: 1.5 });
      expect(created.status).toBe(200);
      expect(created.text).not.toContain(TOKEN);
      const { endpoint } = JSON.parse(created.text);
      expect(endpoint).toMatchObject({ name: "local", kind: "openai", baseUrl: server.url, model: "test-model", tokenMasked: "hf_…9z8y", concurrency: 4, requestsPerSecond: 0, timeoutMs: 60000, maxInputTokens: 1894, priceInPerM: 0.5 });
      expect(endpoint.token).toBeUndefined();
      // The row keeps the secret for the client.
      expect(getEndpointRowOrThrow(endpoint.id).token).toBe(TOKEN);

      const bodies: string[] = [created.text];
      bodies.push(await (await listGet(new Request(BASE), ctx(""))).text());
      bodies.push(await (await oneGet(new Request(`${BASE}/${endpoint.id}`), ctx(endpoint.id))).text());
      // An update without a token keeps it.
      const renamed = await onePatch(new Request(`${BASE}/${endpoint.id}`, patch({ name: "renamed" })), ctx(endpoint.id));
      const renamedText = await renamed.text();
      bodies.push(renamedText);
      // Absent fields keep their values (no defaults re-applied).
      expect(JSON.parse(renamedText).endpoint).toMatchObject({ name: "renamed", model: "test-model", concurrency: 4, priceInPerM: 0.5 });
      expect(getEndpointRowOrThrow(endpoint.id).token).toBe(TOKEN);
      // Test connection: one real request with the token, answer and latency back.
      const tested = await testPost(new Request(`${BASE}/${endpoint.id}/test`, { method: "POST" }), ctx(endpoint.id));
      const testText = await tested.text();
      bodies.push(testText);
      expect(JSON.parse(testText)).toMatchObject({ ok: true, text: "pong: Reply with one word: ready", request: "chat" });
      expect(JSON.parse(testText).latencyMs).toBeGreaterThanOrEqual(0);
      expect(server.requests.at(-1)?.authorization).toBe(`Bearer ${TOKEN}`);
      // A failing test shows the error; the server echoing the token does not leak it.
      server.setBehaviour(() => ({ kind: "raw", status: 403, body: JSON.stringify({ error: `token ${TOKEN} is not allowed` }) }));
      const failed = await (await testPost(new Request(`${BASE}/${endpoint.id}/test`, json({ prompt: "hi" })), ctx(endpoint.id))).text();
      server.reset();
      bodies.push(failed);
      expect(JSON.parse(failed)).toMatchObject({ ok: false, kind: "http_4xx" });
      for (const b of bodies) expect(b).not.toContain(TOKEN);
      expect(logged.join("\n")).not.toContain(TOKEN);

      // Clearing the token.
      const cleared = JSON.parse(await (await onePatch(new Request(`${BASE}/${endpoint.id}`, patch({ token: "" })), ctx(endpoint.id))).text());
      expect(cleared.endpoint.tokenMasked).toBeNull();
      expect(getEndpointRowOrThrow(endpoint.id).token).toBeNull();
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
  });

  it("validates each kind's fields", async () => {
    expect((await create({ name: "x", kind: "openai", model: "m" })).text).toContain("a base URL is required");
    expect((await create({ name: "x", kind: "openai", baseUrl: "http://h" })).text).toContain("a model id is required");
    expect((await create({ name: "x", kind: "hf_provider", model: "m", baseUrl: "http://h" })).text).toContain("no base URL");
    expect((await create({ name: "x", kind: "hf_provider", model: "m", provider: "nope" })).status).toBe(422);
    expect((await create({ name: "x", kind: "tgi", baseUrl: "ftp://h" })).text).toContain("http");
    expect((await create({ name: "x", kind: "tgi", baseUrl: "http://h", concurrency: 0 })).status).toBe(422);
    expect((await create({ name: "", kind: "tgi", baseUrl: "http://h" })).status).toBe(422);
    const tgi = await create({ name: "tgi", kind: "tgi", baseUrl: "http://h:8080" });
    expect(tgi.status).toBe(200);
    const provider = JSON.parse((await create({ name: "p", kind: "hf_provider", model: "org/model" })).text).endpoint;
    expect(provider).toMatchObject({ kind: "hf_provider", provider: "auto", baseUrl: null });
    // Switching kind re-validates the whole endpoint.
    const bad = await onePatch(new Request(`${BASE}/${provider.id}`, patch({ kind: "tgi" })), ctx(provider.id));
    expect(bad.status).toBe(422);
    const ok = await onePatch(new Request(`${BASE}/${provider.id}`, patch({ kind: "tgi", baseUrl: "http://tgi:80" })), ctx(provider.id));
    expect(JSON.parse(await ok.text()).endpoint).toMatchObject({ kind: "tgi", provider: null, baseUrl: "http://tgi:80" });
  });

  it("deletes; unknown ids are 404", async () => {
    const { endpoint } = JSON.parse((await create({ name: "gone", kind: "tgi", baseUrl: "http://h" })).text);
    expect((await oneDelete(new Request(`${BASE}/${endpoint.id}`, { method: "DELETE" }), ctx(endpoint.id))).status).toBe(200);
    expect((await oneGet(new Request(`${BASE}/${endpoint.id}`), ctx(endpoint.id))).status).toBe(404);
    expect((await testPost(new Request(`${BASE}/${endpoint.id}/test`, { method: "POST" }), ctx(endpoint.id))).status).toBe(404);
    expect((await testPost(new Request(`${BASE}/x/test`, { method: "POST", body: "{not json" }), ctx("x"))).status).toBe(400);
    expect(getDb()).toBeTruthy();
  });
});
