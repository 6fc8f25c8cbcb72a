import { eq } from "drizzle-orm";
import { endpoints } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { TChatFn } from "@/lib/refine/lm-source";

/**
 * ─── SEAM: refining LM → lib/inference ───────────────────────────────────────────────────────
 * The one place where a refinement run turns `config.lm.endpointId` into a chat function. It is
 * called when the run is created (so a launch fails at once, with this message) and by every
 * shard task.
 *
 * To wire it (lead, after merging lib/inference): build the endpoint's client with its
 * concurrency, rate limit, retries and response cache (cache key: content hash of the messages,
 * the endpoint's model, and `REFINE_LM_PROMPT_VERSION`), and return
 *   (messages, { maxTokens, temperature, topP, signal }) => client.chat(…) → { text, tokensIn, tokensOut }
 * Endpoints are the `endpoints` table; the ProX refining models (gair-prox/web-doc-refining-lm,
 * gair-prox/web-chunk-refining-lm) are served by vLLM or TGI as OpenAI-compatible chat endpoints.
 * `lib/refine/lm-source.ts` is tested against a fake TChatFn; no other file needs to change.
 * ──────────────────────────────────────────────────────────────────────────────────────────────
 */
export const REFINE_LM_PROMPT_VERSION = "prox-refine-1";

export const chatFnForEndpoint = (endpointId: string): TChatFn => {
  const endpoint = getDb().select({ id: endpoints.id, name: endpoints.name }).from(endpoints).where(eq(endpoints.id, endpointId)).get();
  if (!endpoint) throw new AppError("NOT_FOUND", `Inference endpoint "${endpointId}" not found`);
  throw new AppError(
    "UNAVAILABLE",
    `Refining-LM endpoint support not wired yet: this build cannot call endpoint "${endpoint.name}" (${endpoint.id}). Use rule programs, or connect lib/inference in lib/refine/lm-endpoint.ts.`,
  );
};
