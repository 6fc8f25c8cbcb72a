import { PROVIDERS_OR_POLICIES } from "@huggingface/inference";
import { z } from "zod";
import { ENDPOINT_KINDS, type TEndpointKind } from "@/db/schema";
import { errorMessage } from "@/lib/errors";
import { checkUrlTarget } from "@/lib/security/urls";

/** Inference Provider names (or the `auto` policy) accepted for `hf_provider` endpoints, as the client library lists them. */
export const HF_PROVIDERS = PROVIDERS_OR_POLICIES;

const ZUrl = z
  .string()
  .trim()
  .url("must be a URL")
  .refine((u) => /^https?:\/\//i.test(u), "must start with http:// or https://")
  .superRefine((u, ctx) => {
    // Private, loopback, link-local and metadata targets are refused unless an admin allows them
    // (checked again on every request, after DNS resolution).
    try {
      checkUrlTarget(u);
    } catch (e) {
      ctx.addIssue({ code: "custom", message: errorMessage(e) });
    }
  })
  .transform((u) => u.replace(/\/+$/, ""));

const ZBaseFields = z.object({
  name: z.string().trim().min(1, "name is required").max(200),
  kind: z.enum(ENDPOINT_KINDS),
  baseUrl: ZUrl.nullable().optional(),
  model: z.string().trim().max(300),
  provider: z.enum(HF_PROVIDERS).nullable().optional(),
  token: z.string().trim().max(4096).nullable().optional(),
  concurrency: z.number().int().min(1).max(1024),
  /** 0 = unlimited. */
  requestsPerSecond: z.number().min(0).max(100_000),
  timeoutMs: z.number().int().min(100).max(3_600_000),
  maxInputTokens: z.number().int().min(16).max(1_000_000),
  priceInPerM: z.number().min(0).max(1_000_000).nullable().optional(),
  priceOutPerM: z.number().min(0).max(1_000_000).nullable().optional(),
});

/** The fields a user sets on an endpoint, with defaults. `token` is write-only: it is stored, never returned. */
const ZEndpointFields = ZBaseFields.extend({
  model: ZBaseFields.shape.model.default(""),
  concurrency: ZBaseFields.shape.concurrency.default(8),
  requestsPerSecond: ZBaseFields.shape.requestsPerSecond.default(0),
  timeoutMs: ZBaseFields.shape.timeoutMs.default(60_000),
  maxInputTokens: ZBaseFields.shape.maxInputTokens.default(1894),
});
export type TEndpointFields = z.infer<typeof ZEndpointFields>;

/** What each kind needs: a base URL for servers, a model id for OpenAI-compatible servers and providers. */
const checkKind = (e: TEndpointFields, ctx: z.RefinementCtx): void => {
  const needsUrl = e.kind !== "hf_provider";
  if (needsUrl && !e.baseUrl) ctx.addIssue({ code: "custom", path: ["baseUrl"], message: `a base URL is required for ${e.kind} endpoints` });
  if (!needsUrl && e.baseUrl) ctx.addIssue({ code: "custom", path: ["baseUrl"], message: "hf_provider endpoints have no base URL (they go through the Hugging Face router)" });
  if ((e.kind === "openai" || e.kind === "hf_provider") && !e.model) ctx.addIssue({ code: "custom", path: ["model"], message: `a model id is required for ${e.kind} endpoints` });
  if (e.kind !== "hf_provider" && e.provider) ctx.addIssue({ code: "custom", path: ["provider"], message: "a provider applies to hf_provider endpoints only" });
};

export const ZEndpointCreateSchema = ZEndpointFields.superRefine(checkKind);

/**
 * An update: any subset of the fields. `token`: a string replaces it, `null` or `""` clears it,
 * absent keeps it. The merged endpoint is validated like a new one.
 */
export const ZEndpointUpdateSchema = ZBaseFields.partial();
export type TEndpointUpdate = z.infer<typeof ZEndpointUpdateSchema>;

export const validateMergedEndpoint = (merged: unknown): TEndpointFields => ZEndpointCreateSchema.parse(merged);

/** An endpoint as the API and the UI see it: the token only as a masked hint. */
export type TEndpointView = {
  id: string;
  name: string;
  kind: TEndpointKind;
  baseUrl: string | null;
  model: string;
  provider: string | null;
  /** e.g. `hf_…abcd`, or `set` for short tokens; null when no token is stored. */
  tokenMasked: string | null;
  concurrency: number;
  requestsPerSecond: number;
  timeoutMs: number;
  maxInputTokens: number;
  priceInPerM: number | null;
  priceOutPerM: number | null;
  createdAt: number;
  updatedAt: number;
};

/**
 * A token's masked form: its prefix (`hf_`, `sk-`) when it has one, an ellipsis and the last 4
 * characters; tokens under 16 characters show only "set" (a 4-character tail would give away too much).
 */
export const maskToken = (token: string | null | undefined): string | null => {
  if (!token) return null;
  if (token.length < 16) return "set";
  const prefix = token.match(/^(hf_|sk-|sk_|gsk_|r8_)/)?.[1] ?? "";
  return `${prefix}…${token.slice(-4)}`;
};
