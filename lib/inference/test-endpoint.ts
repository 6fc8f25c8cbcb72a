import { z } from "zod";
import { sendInferenceRequest, type TInferenceRequest } from "@/lib/inference/client";
import { getEndpointRowOrThrow } from "@/lib/inference/endpoints";
import { InferenceError, type TInferenceErrorKind } from "@/lib/inference/errors";

export const ZTestEndpointSchema = z.object({
  prompt: z.string().trim().min(1).max(2000).default("Reply with one word: ready"),
  maxTokens: z.number().int().min(1).max(256).default(16),
});

export type TEndpointTestResult =
  | { ok: true; text: string; latencyMs: number; tokensIn: number; tokensOut: number; request: TInferenceRequest["kind"] }
  | { ok: false; kind: TInferenceErrorKind; message: string; latencyMs: number; request: TInferenceRequest["kind"] };

/**
 * Sends one real request (no retries, so the first error shows as it is): a chat message, or for
 * `tgi` endpoints a raw prompt to /generate. Returns the answer and latency, or the error.
 */
export const testEndpoint = async (id: string, input: unknown = {}, opts: { fetch?: typeof fetch } = {}): Promise<TEndpointTestResult> => {
  const { prompt, maxTokens } = ZTestEndpointSchema.parse(input ?? {});
  const endpoint = getEndpointRowOrThrow(id);
  const request: TInferenceRequest =
    endpoint.kind === "tgi" ? { kind: "generate", prompt, maxTokens, temperature: 0 } : { kind: "chat", messages: [{ role: "user", content: prompt }], maxTokens, temperature: 0 };
  const started = performance.now();
  try {
    const a = await sendInferenceRequest(endpoint, request, { fetch: opts.fetch });
    return { ok: true, text: a.text, latencyMs: Math.round(a.latencyMs), tokensIn: a.tokensIn, tokensOut: a.tokensOut, request: request.kind };
  } catch (e) {
    const err = e instanceof InferenceError ? e : new InferenceError("network", e instanceof Error ? e.message : String(e));
    return { ok: false, kind: err.kind, message: err.message, latencyMs: Math.round(performance.now() - started), request: request.kind };
  }
};
