import { z } from "zod";
import { ratio, round, splitLines } from "@/lib/annotators/text-utils";
import type { TAnnotator, TFlaggedLine } from "@/lib/annotators/types";

/**
 * C4 rules (datatrove C4QualityFilter, from the T5 paper): line-level rules drop lines; two
 * document-level rules (lorem ipsum, curly bracket) and the sentence minimum reject the document.
 */
const ZConfig = z.object({
  min_words_per_line: z.number().int().min(0).default(3),
  max_word_length: z.number().int().min(1).default(1000),
  min_sentences: z.number().int().min(0).default(5),
  remove_citations: z.boolean().default(true),
  filter_no_terminal_punct: z.boolean().default(true),
  filter_lorem_ipsum: z.boolean().default(true),
  filter_javascript: z.boolean().default(true),
  filter_curly_bracket: z.boolean().default(true),
  filter_policy: z.boolean().default(true),
});
type TConfig = z.infer<typeof ZConfig>;

const END_PUNCTUATION = [".", "?", "!", '"', "'"];
const POLICY = ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"];
const CITATION = /\[\d*\]|\[edit\]|\[citation needed\]/g;
const SENTENCE_END = /[.!?]+(?=\s|$)/g;

export type TC4Result = { kept: string[]; flagged: TFlaggedLine[]; sentences: number; docRule: string | null; lines: number };

/** Applies the C4 line rules; returns the kept lines, the flagged ones (0-based) and any document-level rule hit. */
export const c4Lines = (text: string, c: TConfig): TC4Result => {
  const lines = splitLines(text);
  const kept: string[] = [];
  const flagged: TFlaggedLine[] = [];
  let sentences = 0;
  let nonEmpty = 0;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].trim();
    if (line === "") continue;
    nonEmpty++;
    const words = line.split(/\s+/);
    if (words.some((w) => w.length > c.max_word_length)) {
      flagged.push({ line: i, rule: "too_long_word" });
      continue;
    }
    if (c.remove_citations) line = line.replace(CITATION, "");
    if (c.filter_no_terminal_punct && (!END_PUNCTUATION.some((p) => line.endsWith(p)) || line.endsWith("..."))) {
      flagged.push({ line: i, rule: "no_terminal_punctuation" });
      continue;
    }
    if (words.length < c.min_words_per_line) {
      flagged.push({ line: i, rule: "too_few_words" });
      continue;
    }
    const lower = line.toLowerCase();
    if (c.filter_lorem_ipsum && lower.includes("lorem ipsum")) return { kept, flagged: [...flagged, { line: i, rule: "lorem_ipsum" }], sentences, docRule: "lorem_ipsum", lines: nonEmpty };
    if (c.filter_javascript && lower.includes("javascript")) {
      flagged.push({ line: i, rule: "javascript" });
      continue;
    }
    if (c.filter_curly_bracket && line.includes("{")) return { kept, flagged: [...flagged, { line: i, rule: "curly_bracket" }], sentences, docRule: "curly_bracket", lines: nonEmpty };
    if (c.filter_policy && POLICY.some((p) => lower.includes(p))) {
      flagged.push({ line: i, rule: "policy" });
      continue;
    }
    sentences += Math.max(1, (line.match(SENTENCE_END) ?? []).length);
    kept.push(line);
  }
  const docRule = sentences < c.min_sentences ? "too_few_sentences" : null;
  return { kept, flagged, sentences, docRule, lines: nonEmpty };
};

const P = "c4";

export const c4Annotator: TAnnotator<TConfig> = {
  id: P,
  version: "1",
  title: "C4 rules",
  description: "C4 line filters (terminal punctuation, short lines, javascript, policy notices, long words) and document rules (lorem ipsum, curly brackets, at least 5 sentences).",
  configSchema: ZConfig,
  columns: () => [
    { name: `${P}.lines`, type: "BIGINT", description: "Non-empty lines" },
    { name: `${P}.lines_removed`, type: "BIGINT", description: "Lines a C4 line rule removes", better: "lower" },
    { name: `${P}.lines_removed_frac`, type: "DOUBLE", description: "Share of non-empty lines removed", better: "lower" },
    { name: `${P}.chars_kept_frac`, type: "DOUBLE", description: "Share of characters in kept lines", better: "higher" },
    { name: `${P}.sentences`, type: "BIGINT", description: "Sentences in kept lines", better: "higher" },
    { name: `${P}.has_lorem_ipsum`, type: "BOOLEAN", description: "Contains 'lorem ipsum' in a kept line", better: "lower" },
    { name: `${P}.has_curly_bracket`, type: "BOOLEAN", description: "Contains '{' in a kept line", better: "lower" },
    { name: `${P}.pass`, type: "BOOLEAN", description: "Passes the C4 document rules", better: "higher" },
    { name: `${P}.first_failed_rule`, type: "VARCHAR", description: "The document rule it breaks" },
  ],
  annotate: (docs, c) =>
    docs.map(({ text }) => {
      const r = c4Lines(text, c);
      const keptChars = r.kept.reduce((a, l) => a + l.length, 0);
      const removed = r.flagged.filter((f) => f.rule !== "lorem_ipsum" && f.rule !== "curly_bracket").length;
      return {
        [`${P}.lines`]: r.lines,
        [`${P}.lines_removed`]: removed,
        [`${P}.lines_removed_frac`]: round(ratio(removed, r.lines)),
        [`${P}.chars_kept_frac`]: round(ratio(keptChars, text.trim().length)),
        [`${P}.sentences`]: r.sentences,
        [`${P}.has_lorem_ipsum`]: r.docRule === "lorem_ipsum",
        [`${P}.has_curly_bracket`]: r.docRule === "curly_bracket",
        [`${P}.pass`]: r.docRule === null,
        [`${P}.first_failed_rule`]: r.docRule,
      };
    }),
  flagLines: (text, c) => c4Lines(text, c).flagged,
};
