import { z } from "zod";
import { PROX_ACCEPTANCE, type TAcceptance } from "@/lib/refine/execute-program";
import { CHUNK_TOKENS } from "@/lib/refine/lm-source";
import { resolveRules, ZRuleChoiceSchema, type TResolvedRule } from "@/lib/refine/rules";

export const ZAcceptanceSchema = z.object({
  /** ProX threshold_1: a refined text keeping a smaller share of the words gives back the original. */
  threshold1: z.number().min(0).max(1).default(PROX_ACCEPTANCE.threshold1),
  /** ProX threshold_2: a refined text keeping at most 1 − threshold2 of the words is dropped. */
  threshold2: z.number().min(0).max(1).default(PROX_ACCEPTANCE.threshold2),
  /** ProX error_op: a program with this many errors or more is ignored. */
  errorOp: z.number().int().min(1).max(1000).default(PROX_ACCEPTANCE.errorOp),
  /** A refined document of at most this many words is dropped; null turns the rule off. */
  shortDocWords: z.number().int().min(0).nullable().default(PROX_ACCEPTANCE.shortDocWords),
});

/** The acceptance rule's JSON schema, for the refine panel's fields (their bounds). */
export const acceptanceJsonSchema = () => z.toJSONSchema(ZAcceptanceSchema, { io: "input", unrepresentable: "any" });

export const ZRefineLmSchema = z.object({
  /** An endpoint of the `endpoints` table serving the refining model(s). */
  endpointId: z.string().min(1),
  stage: z.enum(["doc", "chunk", "both"]).default("both"),
  /** Token counter for chunking: a gpt-tokenizer encoding or a tokenizer.json path (ProX uses the chunk model's own tokenizer). */
  tokenizer: z.string().min(1).default("cl100k_base"),
  chunkTokens: z.number().int().min(64).max(100_000).default(CHUNK_TOKENS),
  /** Tokens added to each line's count (1: the BOS a Llama tokenizer's encode() adds). */
  lineOverhead: z.number().int().min(0).max(8).default(1),
});

export const ZRefineConfigSchema = z
  .object({
    corpusId: z.string().min(1),
    versionId: z.string().min(1).optional(),
    name: z.string().trim().max(200).optional(),
    rules: z.array(ZRuleChoiceSchema).max(50).default([]),
    lm: ZRefineLmSchema.optional(),
    acceptance: ZAcceptanceSchema.prefault({}),
    batchSize: z.number().int().min(1).max(100_000).default(1000),
  })
  .refine((c) => c.rules.length > 0 || c.lm !== undefined, { message: "choose at least one rule or the refining LM", path: ["rules"] });
export type TRefineConfig = z.infer<typeof ZRefineConfigSchema>;

export type TResolvedRefine = {
  rules: TResolvedRule[];
  /** The acceptance rule, when some source edits lines (a chunk-level stage); null for drop/keep-only runs. */
  acceptance: TAcceptance | null;
};

/**
 * Rules with their configs, and whether the ProX acceptance rule applies: it belongs to the chunk
 * stage, so it runs when a chunk-level rule or the LM's chunk stage is used.
 */
export const resolveRefine = (config: TRefineConfig): TResolvedRefine => {
  const rules = resolveRules(config.rules);
  const chunkLevel = rules.some((r) => r.rule.level === "chunk") || (config.lm !== undefined && config.lm.stage !== "doc");
  return { rules, acceptance: chunkLevel ? config.acceptance : null };
};
