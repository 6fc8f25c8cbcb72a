import { z } from "zod";
import type { TAnnotator, TColumnSpec } from "@/lib/annotators/types";
import * as tu from "@/lib/annotators/text-utils";

// Module-local copies: under tsx/esbuild every imported binding is a getter, too slow for hot loops.
const { C_LETTER, classAt } = tu;

type TPredictor = (text: string) => { code: string; prob: number } | null;
type TVector = { size: () => number; get: (i: number) => [number, string]; delete?: () => void };
type TModel = { predict: (text: string, k: number, threshold: number) => TVector };

const globalForLid = globalThis as unknown as { __winnowLid?: Promise<TPredictor> };

/**
 * fastText lid.176 (the quantised `lid.176.ftz` bundled with fasttext.wasm.js, loaded from
 * node_modules: no network), loaded once per process. Returns the top label without
 * `__label__` and its probability, or null when the model predicts nothing.
 */
export const getLanguagePredictor = (): Promise<TPredictor> => {
  globalForLid.__winnowLid ??= (async () => {
    const { getLIDModel } = await import("fasttext.wasm.js");
    const lid = await getLIDModel();
    const model = (await lid.load()) as unknown as TModel;
    return (text: string) => {
      const pred = model.predict(text, 1, 0.0);
      try {
        if (pred.size() === 0) return null;
        const [prob, label] = pred.get(0);
        return { code: label.replace(/^__label__/, ""), prob };
      } finally {
        pred.delete?.();
      }
    };
  })();
  globalForLid.__winnowLid.catch(() => (globalForLid.__winnowLid = undefined));
  return globalForLid.__winnowLid;
};

const ZConfig = z.object({
  /** Characters of text given to the model (0 = all). The prediction is stable long before the default. */
  max_chars: z.number().int().min(0).default(100_000),
});
export type TLangConfig = z.infer<typeof ZConfig>;

const hasLetter = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) if (classAt(s, i) & C_LETTER) return true;
  return false;
};

/** The text as the model sees it: cut to `maxChars` (not inside a surrogate pair), newlines as spaces. */
export const langInput = (text: string, maxChars: number): string => {
  let end = maxChars > 0 && text.length > maxChars ? maxChars : text.length;
  if (end < text.length && (text.charCodeAt(end) & 0xfc00) === 0xdc00) end--;
  const cut = end < text.length ? text.slice(0, end) : text;
  return cut.replace(/[\r\n]/g, " ");
};

const P = "lang";

export const langAnnotator: TAnnotator<TLangConfig> = {
  id: P,
  version: "2",
  title: "Language (fastText lid.176)",
  description:
    "The most likely of 176 languages and its probability, from fastText's language-identification model. Newlines are replaced by spaces (as in datatrove); texts without any letter get no language.",
  configSchema: ZConfig,
  columns: (): TColumnSpec[] => [
    { name: `${P}.code`, type: "VARCHAR", description: "Language code (fastText lid.176 label, e.g. en, fr, zh); null for a text without letters" },
    { name: `${P}.prob`, type: "DOUBLE", description: "Probability of that language", better: "higher" },
  ],
  annotate: async (docs, c) => {
    const predict = await getLanguagePredictor();
    return docs.map(({ text }) => {
      const input = langInput(text, c.max_chars);
      const top = hasLetter(input) ? predict(input) : null;
      return { [`${P}.code`]: top?.code ?? null, [`${P}.prob`]: top ? Math.min(1, top.prob) : null };
    });
  },
};
