import { z } from "zod";
import { normalizeStatement } from "@/lib/refine/rules/line-program";
import type { TRefineRule } from "@/lib/refine/rules/types";

const ZConfig = z.object({
  /** "\r\n" → "\n". */
  crlf: z.boolean().default(true),
  /** No-break space (U+00A0, U+202F) → space. */
  nbsp: z.boolean().default(true),
  /** Other Unicode spaces (U+2000–U+200A, U+205F, U+3000, U+1680) → space. */
  unicode_spaces: z.boolean().default(true),
  /** Zero-width and invisible characters (U+200B–U+200D, U+2060, U+FEFF, soft hyphen U+00AD) → removed. */
  zero_width: z.boolean().default(true),
  /** Spaces and tabs at the end of a line → removed. */
  trailing_spaces: z.boolean().default(true),
  /** Runs of two or more spaces → one space. */
  collapse_spaces: z.boolean().default(true),
});
type TConfig = z.infer<typeof ZConfig>;

const NBSP = ["\u00a0", "\u202f"];
const UNICODE_SPACES = ["\u1680", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006", "\u2007", "\u2008", "\u2009", "\u200a", "\u205f", "\u3000"];
const ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"];

const SPECIAL = new RegExp(`[${[...NBSP, ...UNICODE_SPACES, ...ZERO_WIDTH].join("")}]`);

/** Distinct matches of `re` in `text`, longest first (so each replacement sees only shorter runs afterwards). */
const distinctLongestFirst = (text: string, re: RegExp): string[] => [...new Set(text.match(re) ?? [])].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));

export const normalizeWhitespaceRule: TRefineRule<TConfig> = {
  id: "normalize_whitespace",
  title: "Normalise whitespace and invisible characters",
  description:
    "Writes normalize() ops: CRLF to LF, no-break and other Unicode spaces to a space, zero-width characters and soft hyphens removed, trailing spaces removed, runs of spaces collapsed. Ops are generated in order on the text as the previous ones leave it, so each source occurs.",
  level: "chunk",
  configSchema: ZConfig,
  generate: ({ text }, c) => {
    const out: string[] = [];
    let t = text;
    const replace = (source: string, target: string) => {
      if (!t.includes(source)) return;
      out.push(normalizeStatement(source, target));
      t = t.replaceAll(source, target);
    };
    if (c.crlf) replace("\r\n", "\n");
    // One scan tells whether any of the special characters occurs at all.
    if (SPECIAL.test(t)) {
      if (c.nbsp) for (const s of NBSP) replace(s, " ");
      if (c.unicode_spaces) for (const s of UNICODE_SPACES) replace(s, " ");
      if (c.zero_width) for (const s of ZERO_WIDTH) replace(s, "");
    }
    // A run before a line break keeps the break (same number of "\n" on both sides).
    if (c.trailing_spaces) for (const run of distinctLongestFirst(t, /[ \t]+\n/g)) replace(run, "\n");
    if (c.collapse_spaces) for (const run of distinctLongestFirst(t, / {2,}/g)) replace(run, " ");
    return out.join("\n");
  },
};
