import { createHash } from "node:crypto";
import { chatComplete } from "@/lib/inference/complete";
import { getEndpointRowOrThrow } from "@/lib/inference/endpoints";
import type { TChatFn } from "@/lib/refine/lm-source";

/** Part of every cached refining-LM answer's key: change it when the prompts change. */
export const REFINE_LM_PROMPT_VERSION = "prox-refine-1";

/**
 * The chat function a refinement run uses for `config.lm.endpointId`: the endpoint's client from
 * `lib/inference` (its concurrency and requests/s limits, timeout, retries with backoff), with
 * answers cached by (hash of the messages and answer budget, model, prompt version), so a re-claimed
 * task or a re-run does not pay again. Greedy decoding (temperature 0) makes ProX's top_p 0.9
 * irrelevant, so it is not sent. Throws NOT_FOUND at once when the endpoint does not exist.
 */
export const chatFnForEndpoint = (endpointId: string): TChatFn => {
  const endpoint = getEndpointRowOrThrow(endpointId);
  return async (messages, { maxTokens, temperature, signal }) => {
    const contentHash = createHash("sha256").update(JSON.stringify({ messages, maxTokens, temperature })).digest("hex");
    const r = await chatComplete(endpoint, messages, { maxTokens, temperature, signal, cache: { contentHash, promptVersion: REFINE_LM_PROMPT_VERSION } });
    return { text: r.text, tokensIn: r.cached ? 0 : r.tokensIn, tokensOut: r.cached ? 0 : r.tokensOut, cached: r.cached };
  };
};
