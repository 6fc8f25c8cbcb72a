import { averageRanks } from "@/lib/metrics/ranks";

/** Pearson's correlation; null for fewer than two points or a constant series. */
export const pearson = (x: ArrayLike<number>, y: ArrayLike<number>): number | null => {
  const n = x.length;
  if (n !== y.length) throw new Error("pearson: series differ in length");
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
};

/** Spearman's rank correlation: Pearson's on average ranks, so ties are corrected for. */
export const spearman = (x: ArrayLike<number>, y: ArrayLike<number>): number | null => pearson(averageRanks(x), averageRanks(y));

export const meanAbsoluteError = (predicted: ArrayLike<number>, actual: ArrayLike<number>): number | null => {
  if (predicted.length !== actual.length) throw new Error("meanAbsoluteError: series differ in length");
  if (actual.length === 0) return null;
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(predicted[i] - actual[i]);
  return s / actual.length;
};
