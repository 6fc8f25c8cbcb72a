import fs from "node:fs";
import { dclmInput } from "@/lib/fasttext/dclm-input";
import type { TFastTextParams } from "@/lib/fasttext/hyper-params";
import type { TFastTextPredictor } from "@/lib/fasttext/predict";
import { trainSupervised } from "@/lib/fasttext/train";

/**
 * The fastText learner: one multi-label model (one-vs-all loss) over every target at once, each
 * target's values as labels `__label__t<target>_<class>`. A score is the expected value over its
 * classes (probabilities renormalised within the target); a category is its most likely class.
 * One model means one pass over the text for all targets.
 */
export type TFastTextTargetLabels = { kind: "score"; values: number[] } | { kind: "category"; classes: string[] };

export const labelName = (target: number, cls: number): string => `__label__t${target}_${cls}`;

/** The text as the fastText learner sees it: the first `maxChars` characters, DCLM-normalised. */
export const studentFastTextInput = (text: string, maxChars: number): string => dclmInput(maxChars > 0 && text.length > maxChars ? text.slice(0, maxChars) : text);

/** Writes one training line per document: its class label for every target, then its text. */
export const writeFastTextTrainFile = (file: string, texts: string[], classOf: Int32Array[], maxChars: number): void => {
  const fd = fs.openSync(file, "w");
  try {
    let buf: string[] = [];
    for (let d = 0; d < texts.length; d++) {
      buf.push(`${classOf.map((c, t) => labelName(t, c[d])).join(" ")} ${studentFastTextInput(texts[d], maxChars)}`);
      if (buf.length === 1000) {
        fs.writeSync(fd, buf.join("\n") + "\n");
        buf = [];
      }
    }
    if (buf.length) fs.writeSync(fd, buf.join("\n") + "\n");
  } finally {
    fs.closeSync(fd);
  }
};

export const trainFastTextLearner = (opts: { file: string; outFile: string; params: TFastTextParams; onProgress: () => void }) =>
  trainSupervised({ trainFile: opts.file, outFile: opts.outFile, params: { ...opts.params, loss: "ova" }, onProgress: opts.onProgress });

export type TFastTextStudentPrediction = { scores: (number | null)[]; categories: ({ label: string; prob: number } | null)[] };

/** Maps a fastText student model's label distribution back to every target's prediction. */
export const createFastTextStudentPredictor = (predictor: TFastTextPredictor, targets: TFastTextTargetLabels[], maxChars: number): ((text: string) => TFastTextStudentPrediction) => {
  const index = new Map(predictor.labels.map((l, i) => [l, i]));
  // Label id of every (target, class); -1 when a class never occurred in training (no label).
  const ids = targets.map((t, ti) => Array.from({ length: t.kind === "score" ? t.values.length : t.classes.length }, (_, k) => index.get(labelName(ti, k)) ?? -1));
  return (text) => {
    const probs = predictor.predictProbs(studentFastTextInput(text, maxChars));
    const scores: (number | null)[] = [];
    const categories: ({ label: string; prob: number } | null)[] = [];
    targets.forEach((t, ti) => {
      let sum = 0;
      let ev = 0;
      let best = -1;
      let bestP = -1;
      ids[ti].forEach((id, k) => {
        const p = probs && id >= 0 ? probs[id] : 0;
        sum += p;
        if (t.kind === "score") ev += p * t.values[k];
        if (p > bestP) {
          bestP = p;
          best = k;
        }
      });
      if (t.kind === "score") scores.push(sum > 0 ? ev / sum : null);
      else categories.push(sum > 0 ? { label: t.classes[best], prob: bestP / sum } : null);
    });
    return { scores, categories };
  };
};
