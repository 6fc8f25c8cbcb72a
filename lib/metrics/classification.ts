export const accuracy = (predicted: readonly string[], actual: readonly string[]): number | null => {
  if (predicted.length !== actual.length) throw new Error("accuracy: series differ in length");
  if (actual.length === 0) return null;
  let hit = 0;
  for (let i = 0; i < actual.length; i++) if (predicted[i] === actual[i]) hit++;
  return hit / actual.length;
};

/**
 * Macro-averaged F1: the unweighted mean of per-class F1 = 2TP / (2TP + FP + FN) over every class
 * that occurs in the actual or the predicted labels (as scikit-learn's f1_score(average="macro")).
 */
export const macroF1 = (predicted: readonly string[], actual: readonly string[]): number | null => {
  if (predicted.length !== actual.length) throw new Error("macroF1: series differ in length");
  if (actual.length === 0) return null;
  const classes = [...new Set([...actual, ...predicted])];
  let sum = 0;
  for (const c of classes) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < actual.length; i++) {
      const p = predicted[i] === c;
      const a = actual[i] === c;
      if (p && a) tp++;
      else if (p) fp++;
      else if (a) fn++;
    }
    sum += (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / classes.length;
};
