import { applyNormalizations, executeProgram, type TAcceptance, type TRefineOutcome } from "@/lib/refine/execute-program";
import { parseProgram, parseProgramParts, programLineCount } from "@/lib/refine/parse-program";
import { generateRulePrograms, type TResolvedRule } from "@/lib/refine/rules";
import { ruleDoc } from "@/lib/refine/rules/types";

/** Which source wrote which program lines, in order: `lm:3,email_headers:1` (sources with no lines are left out). */
export const encodeOrigins = (parts: { origin: string; program: string }[]): string =>
  parts
    .filter((p) => p.program !== "")
    .map((p) => `${p.origin}:${programLineCount(p.program)}`)
    .join(",");

/** The inverse of `encodeOrigins`: the source of each program line (1-based line → origin). */
export const decodeOrigins = (origins: string | null | undefined): { origin: string; lines: number }[] =>
  (origins ?? "")
    .split(",")
    .filter(Boolean)
    .map((p) => {
      const i = p.lastIndexOf(":");
      return { origin: p.slice(0, i), lines: Number(p.slice(i + 1)) };
    });

/** Program parts in the order they were written, re-parsed from a stored program and its origins. */
export const splitProgram = (program: string, origins: string | null | undefined): { origin: string; program: string }[] => {
  const lines = program === "" ? [] : program.split("\n");
  const out: { origin: string; program: string }[] = [];
  let at = 0;
  for (const { origin, lines: n } of decodeOrigins(origins)) {
    out.push({ origin, program: lines.slice(at, at + n).join("\n") });
    at += n;
  }
  if (at < lines.length) out.push({ origin: "program", program: lines.slice(at).join("\n") });
  return out;
};

export type TRefinedDocument = TRefineOutcome & { program: string; origins: string };

export type TRefineSources = {
  rules: TResolvedRule[];
  /** Apply the ProX acceptance rule (chunk-level runs) or not (document-level only). */
  acceptance: TAcceptance | null;
};

/** What the refining LM gave for a document: its program, or why there is none. */
export type TLmAnswer = { program: string } | { error: string };

/**
 * Refines one document: the LM's program (if any) comes first, then each rule's program, generated
 * on the text as the LM's normalizations leave it (line numbers do not move: normalizations keep
 * the line count), and the joined program is executed once on the original text. A document the
 * LM could not answer for stays unchanged, with the LM's error recorded.
 */
export const refineDocument = (doc: { text: string; attrs: Record<string, unknown> }, sources: TRefineSources, lm: TLmAnswer | null = null): TRefinedDocument => {
  if (lm && "error" in lm) {
    const outcome = executeProgram(doc.text, { ops: [], errors: [{ line: 0, origin: "lm", message: lm.error }] }, { acceptance: null });
    return { ...outcome, program: "", origins: "" };
  }
  const lmProgram = lm ? lm.program : null;
  const lmPart = lmProgram === null ? [] : [{ origin: "lm", program: lmProgram }];
  const seen = lmProgram ? applyNormalizations(doc.text, parseProgram(lmProgram, { origin: "lm" })) : doc.text;
  const parts = [...lmPart, ...generateRulePrograms(ruleDoc(seen, doc.attrs), sources.rules)];
  const { text: program, parsed } = parseProgramParts(parts);
  const outcome = executeProgram(doc.text, parsed, { acceptance: sources.acceptance });
  return { ...outcome, program, origins: encodeOrigins(parts) };
};
