import { z } from "zod";
import { AppError } from "@/lib/errors";
import { copyrightRule, cookieConsentRule, navigationRule, shareSubscribeRule } from "@/lib/refine/rules/boilerplate";
import { c4LinesRule } from "@/lib/refine/rules/c4-lines";
import { dropFailingRule } from "@/lib/refine/rules/drop-failing";
import { emailHeadersRule, mailingListFootersRule, quotedRepliesRule, signaturesRule } from "@/lib/refine/rules/email";
import { normalizeWhitespaceRule } from "@/lib/refine/rules/normalize-whitespace";
import type { TAnyRefineRule, TRuleDoc } from "@/lib/refine/rules/types";

const RULES: TAnyRefineRule[] = [
  dropFailingRule,
  emailHeadersRule,
  quotedRepliesRule,
  signaturesRule,
  mailingListFootersRule,
  navigationRule,
  cookieConsentRule,
  shareSubscribeRule,
  copyrightRule,
  c4LinesRule,
  normalizeWhitespaceRule,
];

/** Every built-in rule, in the order the UI lists them (and their programs are joined). */
export const listRefineRules = (): TAnyRefineRule[] => RULES;

export const getRefineRuleOrThrow = (id: string): TAnyRefineRule => {
  const r = RULES.find((x) => x.id === id);
  if (!r) throw new AppError("UNPROCESSABLE", `Unknown refinement rule "${id}". Known: ${RULES.map((x) => x.id).join(", ")}`);
  return r;
};

export const ZRuleChoiceSchema = z.object({ id: z.string().min(1), config: z.record(z.string(), z.unknown()).optional() });
export type TRuleChoice = z.infer<typeof ZRuleChoiceSchema>;

export type TResolvedRule = { rule: TAnyRefineRule; config: unknown };

/** Validates each chosen rule's config (filling defaults); rules run in the registry's order. */
export const resolveRules = (choices: TRuleChoice[]): TResolvedRule[] => {
  const seen = new Set<string>();
  const resolved = choices.map((c) => {
    if (seen.has(c.id)) throw new AppError("UNPROCESSABLE", `Rule "${c.id}" is listed twice`);
    seen.add(c.id);
    const rule = getRefineRuleOrThrow(c.id);
    const parsed = rule.configSchema.safeParse(c.config ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`).join("; ");
      throw new AppError("UNPROCESSABLE", `Invalid config for rule "${c.id}": ${issues}`);
    }
    return { rule, config: parsed.data };
  });
  return resolved.sort((a, b) => RULES.indexOf(a.rule) - RULES.indexOf(b.rule));
};

/** Annotation columns the rules read. */
export const ruleColumns = (resolved: TResolvedRule[]): string[] => [...new Set(resolved.flatMap((r) => r.rule.columns?.(r.config) ?? []))];

/** Each rule's program for one document, tagged with the rule id (empty programs included). */
export const generateRulePrograms = (doc: TRuleDoc, resolved: TResolvedRule[]): { origin: string; program: string }[] =>
  resolved.map((r) => ({ origin: r.rule.id, program: r.rule.generate(doc, r.config) }));

/** The rules a user can pick, with their defaults and config schema. */
export const describeRefineRules = () =>
  RULES.map((r) => ({
    id: r.id,
    title: r.title,
    description: r.description,
    level: r.level,
    defaults: r.configSchema.parse({}) as Record<string, unknown>,
    configJsonSchema: z.toJSONSchema(r.configSchema, { io: "input", unrepresentable: "any" }),
  }));
