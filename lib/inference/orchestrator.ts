import { inferenceCacheKey, readCachedAnswer, writeCachedAnswer } from "@/lib/inference/cache";
import { sendInferenceRequest, type TInferenceRequest, type TSendOptions } from "@/lib/inference/client";
import type { TEndpointRow } from "@/lib/inference/endpoints";
import { InferenceError, isRetryable, MalformedAnswerError, type TInferenceErrorKind } from "@/lib/inference/errors";
import { createLimiter, sleep, type TLimiter } from "@/lib/inference/limiter";
import { countError, emptyStats, type TInferenceStats } from "@/lib/inference/stats";

/**
 * How failures are retried. Transient failures (429, 5xx, timeouts, network errors, protocol
 * violations) are retried up to `attempts` requests in all, waiting `baseDelayMs · 2^(n-1)` (at
 * most `maxDelayMs`) with full jitter, or the server's Retry-After when it sent one (at most
 * `maxRetryAfterMs`). A malformed answer is asked again up to `malformedAttempts` answers in all.
 * Anything else (a 4xx, an unsupported request) fails at once.
 */
export type TRetryPolicy = { attempts: number; malformedAttempts: number; baseDelayMs: number; maxDelayMs: number; maxRetryAfterMs: number };

export const DEFAULT_RETRY_POLICY: TRetryPolicy = { attempts: 5, malformedAttempts: 3, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };

/** The wait before retry number `n` (1-based) after a transient failure. */
export const retryDelayMs = (n: number, policy: TRetryPolicy, retryAfterSeconds?: number, random: () => number = Math.random): number => {
  if (retryAfterSeconds !== undefined) return Math.min(policy.maxRetryAfterMs, Math.ceil(retryAfterSeconds * 1000));
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
  return Math.round(ceiling * random());
};

/** The identity of the model behind an endpoint, for the cache key: its model id, else its URL. */
export const modelIdentity = (endpoint: TEndpointRow): string => endpoint.model || endpoint.baseUrl || endpoint.id;

// One limiter per endpoint per process, renewed when the endpoint's settings change.
const limiters = new Map<string, { updatedAt: number; limiter: TLimiter }>();

export const limiterFor = (endpoint: TEndpointRow): TLimiter => {
  const cached = limiters.get(endpoint.id);
  if (cached && cached.updatedAt === endpoint.updatedAt) return cached.limiter;
  const limiter = createLimiter({ concurrency: endpoint.concurrency, requestsPerSecond: endpoint.requestsPerSecond });
  limiters.set(endpoint.id, { updatedAt: endpoint.updatedAt, limiter });
  return limiter;
};

export type TCallOptions<T> = {
  /** Turns the model's text into the caller's value; throws `MalformedAnswerError` when it is not a valid answer. */
  parse: (text: string) => T;
  signal?: AbortSignal;
  /** Reuse and store answers under (content hash, model, prompt version). Only answers that parse are stored. */
  cache?: { contentHash: string; promptVersion: string };
  /** Counters to add to (shared by every call of a task). */
  stats?: TInferenceStats;
  retry?: Partial<TRetryPolicy>;
  /** Passed to the client (tests). */
  fetch?: TSendOptions["fetch"];
  /** Test seam for the jitter. */
  random?: () => number;
};

export type TCallResult<T> =
  | { ok: true; value: T; text: string; cached: boolean; tokensIn: number; tokensOut: number; latencyMs: number; requests: number }
  | { ok: false; kind: TInferenceErrorKind; message: string; requests: number };

/**
 * Asks one question: from the cache if it was answered before, else through the endpoint's
 * limiter with retries. Returns the parsed answer or the final error (never a default value).
 * Throws only when `signal` aborts (the run was cancelled or the task's lease lost).
 */
export const callEndpoint = async <T>(endpoint: TEndpointRow, request: TInferenceRequest, opts: TCallOptions<T>): Promise<TCallResult<T>> => {
  const policy = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
  const stats = opts.stats ?? emptyStats();
  const model = modelIdentity(endpoint);
  const key = opts.cache ? inferenceCacheKey(opts.cache.contentHash, model, opts.cache.promptVersion) : undefined;
  if (key) {
    const hit = readCachedAnswer(key);
    if (hit) {
      try {
        const value = opts.parse(hit.response);
        stats.cacheHits++;
        stats.callsOk++;
        return { ok: true, value, text: hit.response, cached: true, tokensIn: hit.tokensIn, tokensOut: hit.tokensOut, latencyMs: 0, requests: 0 };
      } catch {
        // Stored under an older parser that accepted it: ask again (the new answer replaces it).
      }
    }
  }

  const limiter = limiterFor(endpoint);
  let requests = 0;
  let transient = 0;
  let malformed = 0;
  const fail = (kind: TInferenceErrorKind, message: string): TCallResult<T> => {
    stats.callsFailed++;
    countError(stats.callErrors, kind);
    return { ok: false, kind, message, requests };
  };
  for (;;) {
    opts.signal?.throwIfAborted();
    const release = await limiter.acquire(opts.signal);
    let answer;
    try {
      if (requests > 0) stats.retries++;
      requests++;
      stats.requests++;
      answer = await sendInferenceRequest(endpoint, request, { signal: opts.signal, fetch: opts.fetch });
    } catch (e) {
      release();
      const err = e instanceof InferenceError ? e : new InferenceError("network", e instanceof Error ? e.message : String(e));
      if (err.kind === "cancelled" || opts.signal?.aborted) throw opts.signal?.reason ?? err;
      countError(stats.requestErrors, err.kind);
      transient++;
      if (!isRetryable(err.kind) || transient >= policy.attempts) return fail(err.kind, err.message);
      const delay = retryDelayMs(transient, policy, err.retryAfterSeconds, opts.random);
      if (err.kind === "http_429" && err.retryAfterSeconds !== undefined) limiter.pauseUntil(Date.now() + delay);
      await sleep(delay, opts.signal);
      continue;
    }
    release();
    stats.answered++;
    stats.tokensIn += answer.tokensIn;
    stats.tokensOut += answer.tokensOut;
    stats.latencyMs += answer.latencyMs;
    if (answer.tokensCounted) stats.tokensCounted++;
    let value: T;
    try {
      value = opts.parse(answer.text);
    } catch (e) {
      if (!(e instanceof MalformedAnswerError)) throw e;
      countError(stats.requestErrors, "malformed");
      malformed++;
      if (malformed >= policy.malformedAttempts) return fail("malformed", `${e.message} (after ${malformed} answers)`);
      continue;
    }
    if (key && opts.cache) writeCachedAnswer({ key, model, promptVersion: opts.cache.promptVersion, contentHash: opts.cache.contentHash, response: answer.text, tokensIn: answer.tokensIn, tokensOut: answer.tokensOut });
    stats.callsOk++;
    return { ok: true, value, text: answer.text, cached: false, tokensIn: answer.tokensIn, tokensOut: answer.tokensOut, latencyMs: answer.latencyMs, requests };
  }
};
