import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { TAnnotator, TColumnSpec } from "@/lib/annotators/types";
import { dclmInput } from "@/lib/fasttext/dclm-input";
import { loadFastTextPredictor } from "@/lib/fasttext/load-model";
import { resolveFastTextModel, withLabelPrefix } from "@/lib/models/fasttext-model-ref";

const ZConfig = z.object({
  /** A model trained in the studio (`mdl_…`) or the path of a fastText `.bin`/`.ftz` file. */
  model: z.string().default(""),
  /** The label whose probability is written (with or without `__label__`); DCLM's classifiers use `hq`. */
  positive_label: z.string().min(1).default("hq"),
  /** Column names: `fasttext.<key>_prob` and `fasttext.<key>_label` (one key per classifier). */
  key: z
    .string()
    .regex(/^[a-z0-9_]{1,40}$/, "key: lowercase letters, digits and _ only")
    .default("hq"),
});
export type TFastTextConfig = z.infer<typeof ZConfig>;

const P = "fasttext";

/** Checks the model and its positive label; returns the model file and the label's index. */
const resolve = (c: TFastTextConfig): { file: string; positive: number } => {
  const { file, header } = resolveFastTextModel(c.model);
  const want = withLabelPrefix(c.positive_label);
  const positive = header.labels.findIndex((l) => l.label === want);
  if (positive < 0) {
    throw new AppError("UNPROCESSABLE", `The model has no label "${want}". Its labels: ${header.labels.map((l) => l.label.replace(/^__label__/, "")).join(", ")}`);
  }
  return { file, positive };
};

export const fasttextAnnotator: TAnnotator<TFastTextConfig> = {
  id: P,
  version: "1",
  title: "fastText classifier",
  description:
    "P(positive label) and the top label from a fastText classifier: a model trained in the studio (Train classifier…) or any .bin/.ftz file, e.g. DCLM's OH-2.5+ELI5 quality classifier (positive label hq). The input is DCLM's: \" \".join(text.strip().splitlines()). The probability is read from the model's full label distribution (for a two-label model it is DCLM's hq_prob up to fastText's 1e-5 offset), so models with more than two labels work too.",
  configSchema: ZConfig,
  model: { kind: "fasttext", configKey: "model" },
  validate: (c) => {
    resolve(c);
  },
  columns: (c): TColumnSpec[] => [
    { name: `${P}.${c.key}_prob`, type: "DOUBLE", description: `Probability of the label "${c.positive_label.replace(/^__label__/, "")}" (0–1)`, better: "higher" },
    { name: `${P}.${c.key}_label`, type: "VARCHAR", description: "The most likely label (without __label__)" },
  ],
  annotate: (docs, c) => {
    const { file, positive } = resolve(c);
    const predictor = loadFastTextPredictor(file);
    const labels = predictor.labels.map((l) => l.replace(/^__label__/, ""));
    return docs.map(({ text }) => {
      const probs = predictor.predictProbs(dclmInput(text));
      if (!probs) return { [`${P}.${c.key}_prob`]: null, [`${P}.${c.key}_label`]: null };
      let top = 0;
      for (let i = 1; i < probs.length; i++) if (probs[i] > probs[top]) top = i;
      return { [`${P}.${c.key}_prob`]: Math.min(1, probs[positive]), [`${P}.${c.key}_label`]: labels[top] };
    });
  },
};
