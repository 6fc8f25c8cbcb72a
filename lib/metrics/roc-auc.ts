import { averageRanks } from "@/lib/metrics/ranks";

/**
 * Area under the ROC curve, computed exactly as the Mann–Whitney U statistic: the probability that
 * a random positive scores above a random negative, ties counting one half. Null when either class
 * is empty.
 */
export const rocAuc = (scores: ArrayLike<number>, positive: ArrayLike<boolean>): number | null => {
  if (scores.length !== positive.length) throw new Error("rocAuc: scores and labels differ in length");
  const ranks = averageRanks(scores);
  let nPos = 0;
  let rankSum = 0;
  for (let i = 0; i < ranks.length; i++) {
    if (positive[i]) {
      nPos++;
      rankSum += ranks[i];
    }
  }
  const nNeg = ranks.length - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
};
