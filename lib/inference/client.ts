import {
  chatCompletion,
  getProviderHelper,
  InferenceClientInputError,
  InferenceClientProviderOutputError,
  InferenceClientRoutingError,
  makeRequestOptionsFromResolvedModel,
  textGeneration,
  type InferenceProviderOrPolicy,
  type RequestArgs,
} from "@huggingface/inference";
import { getTokenCounter } from "@/lib/annotators/tokenizers";
import { InferenceError, kindForStatus } from "@/lib/inference/errors";
import { httpRequestText, toResponse, type TRawResponse } from "@/lib/inference/http-fetch";
import type { TEndpointRow } from "@/lib/inference/endpoints";
import { redactSecret } from "@/lib/security/secrets";
import { isBlockedUrlError } from "@/lib/security/urls";

/** The gate's own message from the innermost error of a refusal. */
const blockedMessage = (e: unknown): string => {
  let cur = e;
  while (cur instanceof Error && cur.cause instanceof Error) cur = cur.cause;
  return cur instanceof Error ? cur.message : String(cur);
};

export type TChatMessage = { role: "system" | "user" | "assistant"; content: string };

/** What to ask: a chat conversation, or a raw prompt (completion) for models that bring their own template. */
export type TInferenceRequest =
  | { kind: "chat"; messages: TChatMessage[]; maxTokens: number; temperature: number; stop?: string[]; seed?: number }
  | { kind: "generate"; prompt: string; maxTokens: number; temperature: number; stop?: string[]; seed?: number };

/** One answer. Token counts come from the server (`usage`, TGI `details`) when it reports them, else are counted here. */
export type TAnswer = { text: string; tokensIn: number; tokensOut: number; tokensCounted: boolean; latencyMs: number };

export type TSendOptions = {
  signal?: AbortSignal;
  /** Per-request limit; defaults to the endpoint's `timeoutMs`. */
  timeoutMs?: number;
  /** Replaces the global fetch (tests route Hugging Face router URLs to a local server). */
  fetch?: typeof fetch;
};

/**
 * Token counts a server did not report are estimated with gpt-tokenizer's cl100k_base encoding,
 * which approximates (but is not) the Qwen / Llama tokenizers of the served models.
 */
const FALLBACK_ENCODING = "cl100k_base";

type TSeen = { status: number; headers: Headers; body: string };

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Seconds to wait from a Retry-After header (delta-seconds or an HTTP date). */
export const parseRetryAfter = (value: string | null, now = Date.now()): number | undefined => {
  if (!value) return undefined;
  const s = Number(value.trim());
  if (Number.isFinite(s) && s >= 0) return s;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, (at - now) / 1000) : undefined;
};

/** The token, and any echoed part of it of 8 or more characters, removed from a message. */
const redact = (message: string, token: string | null): string => redactSecret(message, token);

const shortBody = (body: string): string => {
  const json = parseJson(body) as { error?: unknown; message?: unknown; detail?: unknown } | undefined;
  const err = json?.error;
  const text =
    typeof err === "string"
      ? err
      : err && typeof err === "object" && typeof (err as { message?: unknown }).message === "string"
        ? (err as { message: string }).message
        : typeof json?.message === "string"
          ? json.message
          : typeof json?.detail === "string"
            ? json.detail
            : body;
  return text.replace(/\s+/g, " ").trim().slice(0, 300);
};

/** Maps anything a request threw to an InferenceError. `seen` is the raw response when one arrived. */
const classify = (e: unknown, seen: TSeen | undefined, ctx: { outer?: AbortSignal; timeout: { aborted: boolean }; timeoutMs: number; token: string | null }): InferenceError => {
  if (ctx.outer?.aborted) return new InferenceError("cancelled", "The request was cancelled");
  if (e instanceof InferenceError) return e;
  // Refused by the SSRF gate (a private or loopback target): retrying cannot help.
  if (isBlockedUrlError(e)) return new InferenceError("unsupported", redact(blockedMessage(e), ctx.token));
  if (ctx.timeout.aborted) return new InferenceError("timeout", `No complete answer within ${ctx.timeoutMs} ms`);
  if (seen && (seen.status < 200 || seen.status >= 300)) {
    return new InferenceError(kindForStatus(seen.status), redact(`HTTP ${seen.status}: ${shortBody(seen.body)}`, ctx.token), {
      status: seen.status,
      retryAfterSeconds: parseRetryAfter(seen.headers.get("retry-after")),
    });
  }
  const message = redact(e instanceof Error ? e.message : String(e), ctx.token);
  if (e instanceof InferenceClientInputError || e instanceof InferenceClientRoutingError) return new InferenceError("unsupported", message);
  if (e instanceof InferenceClientProviderOutputError || seen) return new InferenceError("bad_response", message);
  // fetch() rejects with a TypeError ("fetch failed", cause ECONNREFUSED / ECONNRESET / "other side closed").
  const cause = e instanceof Error && e.cause instanceof Error ? `: ${redact(e.cause.message, ctx.token)}` : "";
  return new InferenceError("network", `${message}${cause}`);
};

const chatText = (out: unknown): string => {
  const content = (out as { choices?: { message?: { content?: unknown } }[] } | undefined)?.choices?.[0]?.message?.content;
  if (typeof content !== "string") throw new InferenceError("bad_response", "The answer has no choices[0].message.content");
  return content;
};

const usageOf = (json: unknown): { in?: number; out?: number } => {
  const u = (json as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } } | undefined)?.usage;
  return { in: typeof u?.prompt_tokens === "number" ? u.prompt_tokens : undefined, out: typeof u?.completion_tokens === "number" ? u.completion_tokens : undefined };
};

/** TGI's native answer: `{ generated_text, details? }` (or a one-element array of it). */
const tgiAnswer = (json: unknown): { text: string; in?: number; out?: number } => {
  const o = (Array.isArray(json) ? json[0] : json) as { generated_text?: unknown; details?: { generated_tokens?: unknown; prefill?: unknown } } | undefined;
  if (typeof o?.generated_text !== "string") throw new InferenceError("bad_response", "The answer has no generated_text");
  const out = typeof o.details?.generated_tokens === "number" ? o.details.generated_tokens : undefined;
  const prefill = Array.isArray(o.details?.prefill) && o.details.prefill.length > 0 ? o.details.prefill.length : undefined;
  return { text: o.generated_text, in: prefill, out };
};

/** The base URL a server endpoint is reached at (not for hf_provider). */
const baseUrlOf = (endpoint: TEndpointRow): string => {
  if (!endpoint.baseUrl) throw new InferenceError("unsupported", `Endpoint "${endpoint.name}" has no base URL`);
  return endpoint.baseUrl.replace(/\/+$/, "");
};

/**
 * Sends one request to an endpoint, once (no retries: see `callEndpoint`). Requests are built by
 * `@huggingface/inference`: chat completions through `chatCompletion` (with `endpointUrl` for
 * servers, `provider` + model for Inference Providers), raw prompts through `textGeneration`
 * (OpenAI-compatible `/v1/completions`) or, for `tgi` endpoints, TGI's native `POST /generate`.
 * The fetch is wrapped to see the raw status, headers (Retry-After) and body, and to apply the
 * timeout to every request the library makes. Throws `InferenceError`.
 */
export const sendInferenceRequest = async (endpoint: TEndpointRow, request: TInferenceRequest, opts: TSendOptions = {}): Promise<TAnswer> => {
  const timeoutMs = opts.timeoutMs ?? endpoint.timeoutMs;
  // One controller per request, aborted by the timeout or by the caller (cheaper than AbortSignal.any + timeout).
  const ac = new AbortController();
  const timeout = { aborted: false };
  const timer = setTimeout(() => {
    timeout.aborted = true;
    ac.abort(new InferenceError("timeout", `No complete answer within ${timeoutMs} ms`));
  }, timeoutMs);
  const onOuterAbort = () => ac.abort(opts.signal?.reason);
  if (opts.signal?.aborted) onOuterAbort();
  opts.signal?.addEventListener("abort", onOuterAbort, { once: true });
  const signal = ac.signal;
  let seen: TSeen | undefined;
  // The whole body is read under the same signal: a connection dropped mid-answer is a network error.
  const raw = async (input: RequestInfo | URL, init: RequestInit | undefined): Promise<TRawResponse> => {
    if (!opts.fetch) return httpRequestText(input, { ...init, signal });
    const res = await opts.fetch(input, { ...init, signal });
    return { status: res.status, statusText: res.statusText, headers: res.headers, body: await res.text() };
  };
  const seeingFetch: typeof fetch = async (input, init) => {
    const r = await raw(input, init);
    seen = r;
    return toResponse(r);
  };
  const token = endpoint.token ?? undefined;
  const libOptions = { fetch: seeingFetch, signal, retry_on_error: false };
  const started = performance.now();
  try {
    let text: string;
    let reported: { in?: number; out?: number };
    if (request.kind === "chat") {
      const args = {
        accessToken: token,
        messages: request.messages,
        max_tokens: request.maxTokens,
        temperature: request.temperature,
        ...(request.stop?.length ? { stop: request.stop } : {}),
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
      };
      const out =
        endpoint.kind === "hf_provider"
          ? await chatCompletion({ ...args, model: endpoint.model, provider: (endpoint.provider ?? "auto") as InferenceProviderOrPolicy }, libOptions)
          : await chatCompletion({ ...args, endpointUrl: baseUrlOf(endpoint), model: endpoint.model || undefined }, libOptions);
      text = chatText(out);
      reported = usageOf(out);
    } else if (endpoint.kind === "tgi") {
      const parameters = {
        max_new_tokens: request.maxTokens,
        // TGI rejects temperature 0: greedy decoding is do_sample=false.
        ...(request.temperature > 0 ? { do_sample: true, temperature: request.temperature } : { do_sample: false }),
        ...(request.stop?.length ? { stop: request.stop } : {}),
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
        details: true,
      };
      const url = `${baseUrlOf(endpoint)}/generate`;
      const { info } = makeRequestOptionsFromResolvedModel(url, getProviderHelper("hf-inference", undefined), { accessToken: token, inputs: request.prompt, parameters } as RequestArgs, undefined, { signal });
      await seeingFetch(url, info);
      if (!seen || seen.status < 200 || seen.status >= 300) throw new Error("HTTP error");
      const json = parseJson(seen.body);
      if (json === undefined) throw new InferenceError("bad_response", "The answer is not JSON");
      const a = tgiAnswer(json);
      text = a.text;
      reported = a;
    } else {
      const args = {
        accessToken: token,
        inputs: request.prompt,
        parameters: { max_new_tokens: request.maxTokens, temperature: request.temperature, ...(request.stop?.length ? { stop: request.stop } : {}), ...(request.seed !== undefined ? { seed: request.seed } : {}) },
      };
      const out =
        endpoint.kind === "hf_provider"
          ? await textGeneration({ ...args, model: endpoint.model, provider: (endpoint.provider ?? "auto") as InferenceProviderOrPolicy }, libOptions)
          : await textGeneration({ ...args, endpointUrl: baseUrlOf(endpoint), model: endpoint.model || undefined }, libOptions);
      if (typeof out?.generated_text !== "string") throw new InferenceError("bad_response", "The answer has no text");
      text = out.generated_text;
      reported = seen ? usageOf(parseJson(seen.body)) : {};
    }
    const latencyMs = performance.now() - started;
    let tokensCounted = false;
    let tokensIn = reported.in;
    let tokensOut = reported.out;
    if (tokensIn === undefined || tokensOut === undefined) {
      const count = await getTokenCounter(FALLBACK_ENCODING);
      tokensCounted = true;
      tokensIn ??= count(request.kind === "chat" ? request.messages.map((m) => m.content).join("\n") : request.prompt);
      tokensOut ??= count(text);
    }
    return { text, tokensIn, tokensOut, tokensCounted, latencyMs };
  } catch (e) {
    throw classify(e, seen, { outer: opts.signal, timeout, timeoutMs, token: endpoint.token });
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", onOuterAbort);
  }
};
