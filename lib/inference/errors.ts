/**
 * Why one request (or one document) failed. Each kind has one retry rule (`isRetryable`):
 * - `http_429`: the server is rate limiting us (its Retry-After is honoured);
 * - `http_5xx`: a server error (500, 502, 503, 504, …);
 * - `http_4xx`: any other client error (400, 401, 403, 404, 422, …): our request is wrong, retrying repeats it;
 * - `timeout`: no complete answer within the endpoint's timeout;
 * - `network`: connection refused, reset or dropped before a complete answer;
 * - `bad_response`: an answer that does not follow the protocol (not JSON, no choices / generated_text);
 * - `malformed`: a protocol-valid answer whose text the caller could not parse (retried a bounded number of times);
 * - `unsupported`: the endpoint cannot serve this request (e.g. a provider without the task);
 * - `cancelled`: the caller gave up (the run was cancelled or its lease lost). Never recorded per document.
 */
export const INFERENCE_ERROR_KINDS = ["http_429", "http_5xx", "http_4xx", "timeout", "network", "bad_response", "malformed", "unsupported", "cancelled"] as const;
export type TInferenceErrorKind = (typeof INFERENCE_ERROR_KINDS)[number];

const RETRYABLE = new Set<TInferenceErrorKind>(["http_429", "http_5xx", "timeout", "network", "bad_response"]);

/** Transient failures are retried with backoff; `malformed` has its own bound; the rest fail at once. */
export const isRetryable = (kind: TInferenceErrorKind): boolean => RETRYABLE.has(kind);

/** One failed request. The message never holds the endpoint's token (it is never put into one). */
export class InferenceError extends Error {
  readonly kind: TInferenceErrorKind;
  readonly status?: number;
  /** Seconds the server asked us to wait (Retry-After), when it said. */
  readonly retryAfterSeconds?: number;

  constructor(kind: TInferenceErrorKind, message: string, opts: { status?: number; retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = "InferenceError";
    this.kind = kind;
    this.status = opts.status;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }
}

export const isInferenceError = (e: unknown): e is InferenceError => e instanceof InferenceError;

/** The kind for an HTTP status that is not a success. */
export const kindForStatus = (status: number): TInferenceErrorKind => (status === 429 ? "http_429" : status >= 500 ? "http_5xx" : "http_4xx");

/** Thrown by a caller's parser when the model's text is not a valid answer. */
export class MalformedAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedAnswerError";
  }
}
