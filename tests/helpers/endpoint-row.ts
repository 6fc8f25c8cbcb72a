import type { TEndpointRow } from "@/lib/inference/endpoints";

/** An endpoint row as the `endpoints` table holds it (not stored): an OpenAI-compatible server at `baseUrl`. */
export const endpointRow = (baseUrl: string, over: Partial<TEndpointRow> = {}): TEndpointRow => ({
  id: "ep_test",
  name: "test",
  kind: "openai",
  baseUrl,
  model: "test-model",
  provider: null,
  token: null,
  concurrency: 8,
  requestsPerSecond: 0,
  timeoutMs: 2000,
  maxInputTokens: 1894,
  priceInPerM: null,
  priceOutPerM: null,
  createdAt: 0,
  updatedAt: 0,
  ...over,
});
