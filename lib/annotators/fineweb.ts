import { z } from "zod";
import { findDuplicates } from "@/lib/annotators/gopher-repetition";
import { ratio, round, splitWords } from "@/lib/annotators/text-utils";
import type { TAnnotator } from "@/lib/annotators/types";

/** FineWeb's own quality rules (datatrove FineWebQualityFilter). */
const ZConfig = z.object({
  min_line_punct_ratio: z.number().min(0).max(1).default(0.12),
  exclude_zero_punct: z.boolean().default(false),
  max_short_line_ratio: z.number().min(0).max(1).default(0.67),
  short_line_length: z.number().int().min(1).default(30),
  max_char_dup_ratio: z.number().min(0).max(1).default(0.01),
  max_newline_ratio: z.number().min(0).default(0.3),
});
type TConfig = z.infer<typeof ZConfig>;

/** Terminal punctuation a line may end with (Latin, CJK and other scripts). */
const TERMINAL = new Set([".", "!", "?", '"', "'", "”", "’", "…", "。", "！", "？", "։", "؟", "۔", "।", "॥", "။", "።", "፧", "፨", "᙮", "‼", "‽", "⁇", "⁈", "⁉", "｡", "﹒", "﹖", "﹗", "．", "！", "？"]);

export const finewebSignals = (text: string, shortLineLength = 30) => {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const words = splitWords(text);
  const punct = lines.filter((l) => TERMINAL.has(l.trimEnd().slice(-1))).length;
  const short = lines.filter((l) => l.length <= shortLineLength).length;
  const dupChars = findDuplicates(lines).chars;
  const newlines = text.split("\n").length - 1;
  return {
    lines: lines.length,
    line_punct_ratio: round(ratio(punct, lines.length)),
    short_line_ratio: round(ratio(short, lines.length)),
    char_dup_ratio: round(ratio(dupChars, text.replaceAll("\n", "").length)),
    newline_ratio: round(ratio(newlines, words.length)),
  };
};

export const finewebVerdict = (s: ReturnType<typeof finewebSignals>, c: TConfig): string | null => {
  if (s.lines === 0) return "empty";
  if (s.line_punct_ratio <= c.min_line_punct_ratio && !(s.line_punct_ratio === 0 && c.exclude_zero_punct)) return "line_punct_ratio";
  if (s.short_line_ratio >= c.max_short_line_ratio) return "short_line_ratio";
  if (s.char_dup_ratio >= c.max_char_dup_ratio) return "char_dup_ratio";
  if (s.newline_ratio > c.max_newline_ratio) return "newline_ratio";
  return null;
};

const P = "fineweb";

export const finewebAnnotator: TAnnotator<TConfig> = {
  id: P,
  version: "1",
  title: "FineWeb rules",
  description: "FineWeb's filters: share of lines ending in punctuation, short lines, characters in duplicated lines, newlines per word.",
  configSchema: ZConfig,
  columns: () => [
    { name: `${P}.line_punct_ratio`, type: "DOUBLE", description: "Share of lines ending with terminal punctuation", better: "higher" },
    { name: `${P}.short_line_ratio`, type: "DOUBLE", description: "Share of lines of at most 30 characters", better: "lower" },
    { name: `${P}.char_dup_ratio`, type: "DOUBLE", description: "Characters in duplicated lines, as a share of all characters", better: "lower" },
    { name: `${P}.newline_ratio`, type: "DOUBLE", description: "Newlines per word", better: "lower" },
    { name: `${P}.pass`, type: "BOOLEAN", description: "Passes every FineWeb rule", better: "higher" },
    { name: `${P}.first_failed_rule`, type: "VARCHAR", description: "The first rule the document breaks" },
  ],
  annotate: (docs, c) =>
    docs.map(({ text }) => {
      const s = finewebSignals(text, c.short_line_length);
      const failed = finewebVerdict(s, c);
      return {
        [`${P}.line_punct_ratio`]: s.line_punct_ratio,
        [`${P}.short_line_ratio`]: s.short_line_ratio,
        [`${P}.char_dup_ratio`]: s.char_dup_ratio,
        [`${P}.newline_ratio`]: s.newline_ratio,
        [`${P}.pass`]: failed === null,
        [`${P}.first_failed_rule`]: failed,
      };
    }),
};
