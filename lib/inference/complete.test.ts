import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { chatComplete, generate } from "@/lib/inference/complete";
import { createEndpoint } from "@/lib/inference/endpoints";
import { InferenceError, MalformedAnswerError } from "@/lib/inference/errors";
import { emptyStats } from "@/lib/inference/stats";
import { hashText, startInferenceServer, type TInferenceServer } from "@/tests/helpers/inference-server";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";
import { allowPrivateUrls } from "@/tests/helpers/allow-private-urls";

// The local test servers listen on 127.0.0.1.
allowPrivateUrls();

let server: TInferenceServer;
beforeAll(async () => {
  useTempDataDir("complete");
  server = await startInferenceServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe("chatComplete and generate", () => {
  it("chat by endpoint id, with the cache and a parser", async () => {
    const id = createEndpoint({ name: "c", kind: "openai", baseUrl: server.url, model: "m" }).id;
    const stats = emptyStats();
    const cache = { contentHash: hashText("refine me"), promptVersion: "refine-v1" };
    const parse = (t: string) => {
      if (!t.startsWith("pong")) throw new MalformedAnswerError("no pong");
      return t.length;
    };
    const a = await chatComplete(id, [{ role: "user", content: "refine me" }], { maxTokens: 8, cache, parse, stats });
    expect(a).toMatchObject({ value: "pong: refine me".length, text: "pong: refine me", cached: false });
    const b = await chatComplete(id, [{ role: "user", content: "refine me" }], { maxTokens: 8, cache, parse, stats });
    expect(b.cached).toBe(true);
    expect(stats).toMatchObject({ requests: 1, cacheHits: 1 });
    expect(server.requests[0].body).toMatchObject({ max_tokens: 8, temperature: 0 });
  });

  it("generate on a tgi endpoint; a final failure throws an InferenceError with its kind", async () => {
    const id = createEndpoint({ name: "t", kind: "tgi", baseUrl: server.url }).id;
    expect((await generate(id, "raw", { maxTokens: 4 })).text).toBe("pong: raw");
    expect(server.requests[0].path).toBe("/generate");
    server.setBehaviour(() => ({ kind: "status", status: 404 }));
    const e = await generate(id, "raw", { maxTokens: 4 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InferenceError);
    expect((e as InferenceError).kind).toBe("http_4xx");
  });
});
