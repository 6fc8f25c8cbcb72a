import type { TChatMessage } from "@/lib/inference/client";
import { getEndpointRowOrThrow, type TEndpointRow } from "@/lib/inference/endpoints";
import { InferenceError } from "@/lib/inference/errors";
import { callEndpoint, type TCallOptions } from "@/lib/inference/orchestrator";

export type TCompleteOptions<T = string> = {
  maxTokens: number;
  /** Default 0 (greedy). */
  temperature?: number;
  stop?: string[];
  seed?: number;
  signal?: AbortSignal;
} & Partial<Pick<TCallOptions<T>, "parse" | "cache" | "stats" | "retry">>;

export type TCompletion<T = string> = { value: T; text: string; cached: boolean; tokensIn: number; tokensOut: number; latencyMs: number };

const resolve = (endpoint: string | TEndpointRow): TEndpointRow => (typeof endpoint === "string" ? getEndpointRowOrThrow(endpoint) : endpoint);

const run = async <T>(endpoint: string | TEndpointRow, request: Parameters<typeof callEndpoint>[1], opts: TCompleteOptions<T>): Promise<TCompletion<T>> => {
  const parse = opts.parse ?? ((text: string) => text as unknown as T);
  const r = await callEndpoint(resolve(endpoint), request, { parse, signal: opts.signal, cache: opts.cache, stats: opts.stats, retry: opts.retry });
  if (!r.ok) throw new InferenceError(r.kind, r.message);
  return { value: r.value, text: r.text, cached: r.cached, tokensIn: r.tokensIn, tokensOut: r.tokensOut, latencyMs: r.latencyMs };
};

/**
 * One chat completion on a configured endpoint (by id or row), through the same per-endpoint
 * limiter (concurrency, requests/s), timeout, retries and optional response cache as the model
 * annotators. `parse` (default: the text itself) throws `MalformedAnswerError` to ask again.
 * Throws `InferenceError` (with its `kind`) when the call finally fails.
 *
 * @example
 *   const { text } = await chatComplete(endpointId, [{ role: "user", content: "Say hi" }], { maxTokens: 16, signal });
 */
export const chatComplete = <T = string>(endpoint: string | TEndpointRow, messages: TChatMessage[], opts: TCompleteOptions<T>): Promise<TCompletion<T>> =>
  run(endpoint, { kind: "chat", messages, maxTokens: opts.maxTokens, temperature: opts.temperature ?? 0, stop: opts.stop, seed: opts.seed }, opts);

/**
 * One raw-prompt completion (no chat template applied by the server): TGI's `POST /generate` on
 * `tgi` endpoints, `/v1/completions` on OpenAI-compatible servers and dedicated endpoints, the
 * provider's text generation on Inference Providers. Same machinery as `chatComplete`.
 */
export const generate = <T = string>(endpoint: string | TEndpointRow, prompt: string, opts: TCompleteOptions<T>): Promise<TCompletion<T>> =>
  run(endpoint, { kind: "generate", prompt, maxTokens: opts.maxTokens, temperature: opts.temperature ?? 0, stop: opts.stop, seed: opts.seed }, opts);
