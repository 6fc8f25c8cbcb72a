import type { z } from "zod";
import { countWordsUpTo } from "@/lib/refine/rules/line-program";

const MAX_COUNTED = 254;

/**
 * One document as rules see it: its text, `text.split("\n")`, the annotation columns the rules
 * asked for, and each line trimmed and lower-cased (computed once, shared by the rules).
 */
export type TRuleDoc = {
  text: string;
  lines: string[];
  attrs: Record<string, unknown>;
  lowerLine: (i: number) => string;
  /** Words of line i, counted up to 255 (255 means "255 or more"). */
  lineWords: (i: number) => number;
};

/** A `TRuleDoc` for a text. */
export const ruleDoc = (text: string, attrs: Record<string, unknown> = {}): TRuleDoc => {
  const lines = text.split("\n");
  const lower: (string | undefined)[] = new Array(lines.length);
  const words = new Uint8Array(lines.length);
  return {
    text,
    lines,
    attrs,
    lowerLine: (i) => (lower[i] ??= lines[i].trim().toLowerCase()),
    // Stored + 1 so that 0 means "not counted yet".
    lineWords: (i) => (words[i] === 0 ? (words[i] = countWordsUpTo(lines[i], MAX_COUNTED) + 1) : words[i]) - 1,
  };
};

/**
 * A built-in program source: it writes ProX program lines for a document, which the one executor
 * runs. `doc`-level rules only decide drop/keep; `chunk`-level rules edit lines, so a run that uses
 * one also applies the ProX acceptance rule.
 */
export type TRefineRule<C> = {
  id: string;
  title: string;
  description: string;
  level: "doc" | "chunk";
  /** `parse({})` gives the defaults. */
  configSchema: z.ZodType<C>;
  /** Annotation columns (of the version's ready attribute sets) the rule reads into `attrs`. */
  columns?: (config: C) => string[];
  /** Program text (statements separated by "\n"; "" for nothing to do). */
  generate: (doc: TRuleDoc, config: C) => string;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TAnyRefineRule = TRefineRule<any>;
