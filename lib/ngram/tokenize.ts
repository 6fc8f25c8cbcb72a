import { z } from "zod";

/**
 * The tokenizer of the n-gram models, fixed and documented so a model and the text it scores are
 * always cut the same way (and so text can be tokenized for KenLM's `lmplz` outside the studio):
 * - a document is split into lines ("\n"; "\r\n" counts as "\n"); each line with at least one token
 *   is one sentence, scored between `<s>` and `</s>` (as CCNet scores each line); blank lines are skipped;
 * - `words` (default): curly quotes and apostrophes become ASCII (`’` → `'`, `“ ”` → `"`), text is
 *   lower-cased and ASCII digits become `0` (CCNet's normalisation), then a token is a run of letters,
 *   marks and digits, optionally joined by apostrophes (`don't`), or any other single non-space
 *   character (`.`, `,`, `$`, `-`);
 * - `whitespace`: tokens are the whitespace-separated pieces, untouched (KenLM's own convention, for
 *   ARPA models trained on text tokenized elsewhere); `lowercase` and `digits_to_zero` still apply.
 * The literal symbols `<s>`, `</s>` and `<unk>` in the input are treated as whitespace (lmplz's
 * `--skip_symbols`).
 */
export const ZNgramTokenizerSchema = z.object({
  mode: z.enum(["words", "whitespace"]).default("words"),
  lowercase: z.boolean().default(true),
  digits_to_zero: z.boolean().default(true),
});
export type TNgramTokenizer = z.infer<typeof ZNgramTokenizerSchema>;

export const DEFAULT_TOKENIZER: TNgramTokenizer = ZNgramTokenizerSchema.parse({});

const WORD_TOKEN = /[\p{L}\p{M}\p{N}]+(?:'[\p{L}\p{M}\p{N}]+)*|[^\s\p{L}\p{M}\p{N}]/gu;
const SPACE_TOKEN = /\S+/g;
const CURLY = /[\u2018\u2019\u201a\u201b\u2032\u201c\u201d\u201e\u201f\u2033]/g;
const CURLY_MAP: Record<string, string> = { "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"' };
const SPECIAL = new Set(["<s>", "</s>", "<unk>"]);

/** Applies the normalisation of the tokenizer to a whole text (once per document, not per token). */
export const normalizeForNgram = (text: string, t: TNgramTokenizer): string => {
  let s = text;
  if (t.mode === "words") s = s.replace(CURLY, (c) => CURLY_MAP[c]);
  if (t.lowercase) s = s.toLowerCase();
  if (t.digits_to_zero) s = s.replace(/[0-9]/g, "0");
  return s;
};

/**
 * Calls `onToken` for every token of every non-blank line and `onLineEnd` after each such line.
 * No arrays of strings are built per document.
 */
export const forEachToken = (text: string, t: TNgramTokenizer, onToken: (token: string) => void, onLineEnd: () => void): void => {
  const s = normalizeForNgram(text, t);
  const re = t.mode === "words" ? WORD_TOKEN : SPACE_TOKEN;
  let start = 0;
  while (start <= s.length) {
    let end = s.indexOf("\n", start);
    if (end === -1) end = s.length;
    const line = s.slice(start, end);
    let any = false;
    re.lastIndex = 0;
    for (let m = re.exec(line); m !== null; m = re.exec(line)) {
      const tok = m[0];
      if (t.mode === "whitespace" && SPECIAL.has(tok)) continue;
      onToken(tok);
      any = true;
    }
    if (any) onLineEnd();
    start = end + 1;
  }
};

/** The text as sentences of tokens (for tests, tools and writing lmplz input). */
export const tokenizeSentences = (text: string, t: TNgramTokenizer = DEFAULT_TOKENIZER): string[][] => {
  const out: string[][] = [];
  let cur: string[] = [];
  forEachToken(
    text,
    t,
    (tok) => cur.push(tok),
    () => {
      out.push(cur);
      cur = [];
    },
  );
  return out;
};
