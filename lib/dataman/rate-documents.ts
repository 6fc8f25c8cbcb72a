import { setMaxListeners } from "node:events";
import { getTokenCodec } from "@/lib/annotators/tokenizers";
import type { TAnnotatorDoc } from "@/lib/annotators/types";
import type { TDatamanRating } from "@/lib/dataman/criteria";
import { parseDatamanAnswer, parseInstructAnswer } from "@/lib/dataman/parse";
import { promptMessages, PROMPT_VERSIONS, QWEN_STOP, qwenChatPrompt, type TPromptStyle } from "@/lib/dataman/prompts";
import { cleanText, truncateMiddleOut } from "@/lib/dataman/truncate";
import { sha256Hex } from "@/lib/inference/cache";
import type { TInferenceRequest } from "@/lib/inference/client";
import type { TEndpointRow } from "@/lib/inference/endpoints";
import type { TInferenceErrorKind } from "@/lib/inference/errors";
import { callEndpoint, type TRetryPolicy } from "@/lib/inference/orchestrator";
import type { TInferenceStats } from "@/lib/inference/stats";

export type TRateOptions = {
  style: TPromptStyle;
  maxTokens: number;
  temperature: number;
  /** gpt-tokenizer encoding or tokenizer.json path for the truncation budget. */
  tokenizer: string;
  retry: Partial<TRetryPolicy>;
  signal?: AbortSignal;
  stats: TInferenceStats;
  fetch?: typeof fetch;
};

export type TRateResult = { ok: true; rating: TDatamanRating; cached: boolean } | { ok: false; kind: TInferenceErrorKind; message: string };

/** DataMan's decoding seed (vLLM `seed=1024`); servers that honour seeds answer reproducibly. */
const SEED = 1024;

/**
 * The request for one document: the DataMan or instruct prompt around the cleaned, middle-out
 * truncated text, as chat messages, or (DataMan prompt on a `tgi` endpoint) as the raw Qwen chat
 * prompt with Qwen's stop tokens. `contentHash` is the sha256 of the text actually sent.
 */
export const buildRatingRequest = (text: string, endpoint: TEndpointRow, opts: Pick<TRateOptions, "style" | "maxTokens" | "temperature">, codec: Awaited<ReturnType<typeof getTokenCodec>>) => {
  const cleaned = cleanText(text);
  // A byte-level BPE text has at most as many tokens as UTF-8 bytes: short texts need no tokenizing.
  const sent = Buffer.byteLength(cleaned, "utf8") <= endpoint.maxInputTokens ? cleaned.trim() : truncateMiddleOut(cleaned, codec, endpoint.maxInputTokens).text;
  const messages = promptMessages(opts.style, sent);
  const request: TInferenceRequest =
    opts.style === "dataman" && endpoint.kind === "tgi"
      ? { kind: "generate", prompt: qwenChatPrompt(messages), maxTokens: opts.maxTokens, temperature: opts.temperature, stop: QWEN_STOP, seed: SEED }
      : { kind: "chat", messages, maxTokens: opts.maxTokens, temperature: opts.temperature, seed: SEED };
  return { request, contentHash: sha256Hex(sent), sent };
};

/**
 * Rates documents on an endpoint, at most `concurrency` × 2 being prepared or in flight (the
 * endpoint's limiter bounds the requests themselves). Each ends rated (from the cache or a new
 * answer, written to the cache as it arrives) or with its error; none is defaulted.
 */
export const rateDocuments = async (docs: TAnnotatorDoc[], endpoint: TEndpointRow, opts: TRateOptions): Promise<TRateResult[]> => {
  const codec = await getTokenCodec(opts.tokenizer);
  const parse = opts.style === "dataman" ? parseDatamanAnswer : parseInstructAnswer;
  const promptVersion = PROMPT_VERSIONS[opts.style];
  const results: TRateResult[] = new Array(docs.length);
  const lanes = Math.max(1, Math.min(docs.length, endpoint.concurrency * 2));
  // One listener on the caller's signal; every lane's waits and requests listen to this one.
  const local = new AbortController();
  setMaxListeners(lanes * 2 + 8, local.signal);
  const onAbort = () => local.abort(opts.signal?.reason);
  if (opts.signal?.aborted) onAbort();
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  let next = 0;
  const lane = async () => {
    while (next < docs.length) {
      const i = next++;
      const { request, contentHash } = buildRatingRequest(docs[i].text, endpoint, opts, codec);
      const r = await callEndpoint(endpoint, request, { parse, signal: local.signal, stats: opts.stats, retry: opts.retry, cache: { contentHash, promptVersion }, fetch: opts.fetch });
      results[i] = r.ok ? { ok: true, rating: r.value, cached: r.cached } : { ok: false, kind: r.kind, message: r.message };
    }
  };
  try {
    await Promise.all(Array.from({ length: lanes }, lane));
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
  }
  return results;
};
