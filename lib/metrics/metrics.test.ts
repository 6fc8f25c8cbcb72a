import { describe, expect, it } from "vitest";
import { accuracy, macroF1 } from "@/lib/metrics/classification";
import { meanAbsoluteError, pearson, spearman } from "@/lib/metrics/correlation";
import { averageRanks } from "@/lib/metrics/ranks";
import { rocAuc } from "@/lib/metrics/roc-auc";

describe("averageRanks", () => {
  it("gives ties their mean rank", () => {
    expect(Array.from(averageRanks([10, 20, 20, 5, 20]))).toEqual([2, 4, 4, 1, 4]);
    expect(Array.from(averageRanks([]))).toEqual([]);
  });
});

describe("rocAuc (Mann–Whitney)", () => {
  it("counts the pairs a positive wins: 3 of 4 pairs", () => {
    // Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 0.35 beats 0.1 only, 0.8 beats both.
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBe(0.75);
  });
  it("counts a tie as half a pair", () => {
    // Positive 0.5 ties both negatives (½ + ½), positive 0.9 beats both (2): 3 of 4.
    expect(rocAuc([0.5, 0.5, 0.5, 0.9], [true, false, false, true])).toBe(0.75);
    expect(rocAuc([1, 1, 1, 1], [true, false, true, false])).toBe(0.5);
  });
  it("is 1 for a perfect ranking, 0 for a reversed one, null without both classes", () => {
    expect(rocAuc([0.9, 0.8, 0.2], [true, true, false])).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.9], [true, true, false])).toBe(0);
    expect(rocAuc([0.1, 0.2], [true, true])).toBeNull();
  });
});

describe("spearman, pearson, MAE", () => {
  it("ranks ties before correlating (scipy.stats.spearmanr gives 0.8207826816681233)", () => {
    // ranks(y) = [1, 2, 3.5, 5, 3.5]; Σdxdy = 8, Σdx² = 10, Σdy² = 9.5 → 8 / √95.
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(8 / Math.sqrt(95), 12);
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(0.8207826816681233, 12);
  });
  it("is ±1 for monotone series and null for a constant one", () => {
    expect(spearman([1, 2, 3], [10, 100, 1000])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 3], [4, 4, 4])).toBeNull();
    expect(pearson([1], [2])).toBeNull();
  });
  it("averages absolute errors", () => {
    expect(meanAbsoluteError([1, 2, 3], [2, 2, 5])).toBe(1);
    expect(meanAbsoluteError([], [])).toBeNull();
  });
});

describe("accuracy and macro-F1", () => {
  it("averages per-class F1 over every class seen", () => {
    const actual = ["a", "a", "b", "c"];
    const predicted = ["a", "b", "b", "a"];
    // a: TP 1, FP 1, FN 1 → 1/2; b: TP 1, FP 1 → 2/3; c: FN 1 → 0.
    expect(macroF1(predicted, actual)).toBeCloseTo((1 / 2 + 2 / 3 + 0) / 3, 12);
    expect(accuracy(predicted, actual)).toBe(0.5);
    expect(macroF1(["x", "y"], ["x", "y"])).toBe(1);
    expect(macroF1([], [])).toBeNull();
  });
});
