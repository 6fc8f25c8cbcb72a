import { z } from "zod";
import { c4Lines, type TC4LineRule } from "@/lib/annotators/c4";
import { removeFlaggedLines } from "@/lib/refine/rules/line-program";
import type { TRefineRule } from "@/lib/refine/rules/types";

const LINE_RULES: ReadonlySet<string> = new Set<TC4LineRule>(["too_long_word", "no_terminal_punctuation", "too_few_words", "javascript", "policy"]);

// The C4 annotator's line rules and their defaults (lib/annotators/c4.ts); document-level rules
// (lorem ipsum, curly bracket, min_sentences) do not remove lines and are not used here.
const ZConfig = z.object({
  min_words_per_line: z.number().int().min(0).default(3),
  max_word_length: z.number().int().min(1).default(1000),
  remove_citations: z.boolean().default(true),
  filter_no_terminal_punct: z.boolean().default(true),
  filter_javascript: z.boolean().default(true),
  filter_policy: z.boolean().default(true),
});
type TConfig = z.infer<typeof ZConfig>;

export const c4LinesRule: TRefineRule<TConfig> = {
  id: "c4_lines",
  title: "C4 line rules",
  description:
    "Removes the lines the C4 line filters remove (no terminal punctuation, fewer than 3 words, a word over 1000 characters, 'javascript', terms-of-use / privacy / cookie notices), exactly as the c4 annotator flags them. Blank lines stay.",
  level: "chunk",
  configSchema: ZConfig,
  generate: ({ text, lines }, c) => {
    const flags = new Uint8Array(lines.length);
    const r = c4Lines(text, { ...c, min_sentences: 0, filter_lorem_ipsum: false, filter_curly_bracket: false });
    for (const f of r.flagged) if (LINE_RULES.has(f.rule)) flags[f.line] = 1;
    return removeFlaggedLines(flags).join("\n");
  },
};
