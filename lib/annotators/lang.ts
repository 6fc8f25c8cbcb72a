import { z } from "zod";
import { round } from "@/lib/annotators/text-utils";
import type { TAnnotator } from "@/lib/annotators/types";

type TPredictor = (text: string) => { code: string; prob: number };

const globalForLid = globalThis as unknown as { __winnowLid?: Promise<TPredictor> };

/** fastText lid.176 (the compressed model shipped in fasttext.wasm.js), loaded once per process. */
export const getLanguagePredictor = (): Promise<TPredictor> => {
  globalForLid.__winnowLid ??= (async () => {
    const { getLIDModel } = await import("fasttext.wasm.js");
    const lid = await getLIDModel();
    const model = await lid.load();
    return (text: string) => {
      const pred = model.predict(text, 1, 0.0);
      if (pred.size() === 0) return { code: "", prob: 0 };
      const [prob, label] = pred.get(0) as [number, string];
      return { code: label.replace(/^__label__/, ""), prob };
    };
  })();
  return globalForLid.__winnowLid;
};

const ZConfig = z.object({
  /** Characters of text given to the model (fastText's prediction is stable long before that). */
  max_chars: z.number().int().min(100).default(10_000),
});
type TConfig = z.infer<typeof ZConfig>;

const HAS_LETTER = /\p{L}/u;

export const langAnnotator: TAnnotator<TConfig> = {
  id: "lang",
  version: "1",
  title: "Language (fastText lid.176)",
  description: "The most likely of 176 languages and its probability, from fastText's language-identification model. Newlines are replaced by spaces, as in datatrove.",
  configSchema: ZConfig,
  columns: () => [
    { name: "lang.code", type: "VARCHAR", description: "Language code (fastText lid.176 label, e.g. en, fr, zh)" },
    { name: "lang.score", type: "DOUBLE", description: "Probability of that language", better: "higher" },
  ],
  annotate: async (docs, c) => {
    const predict = await getLanguagePredictor();
    return docs.map(({ text }) => {
      const sample = text.slice(0, c.max_chars).replace(/\s+/g, " ").trim();
      if (!HAS_LETTER.test(sample)) return { "lang.code": null, "lang.score": 0 };
      const { code, prob } = predict(sample);
      return { "lang.code": code || null, "lang.score": round(prob, 4) };
    });
  },
};
