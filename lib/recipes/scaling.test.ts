import { describe, expect, it } from "vitest";
import { dataConstrainedLoss, effectiveTokens } from "@/lib/recipes/scaling";

describe("data-constrained scaling law", () => {
  it("matches the reference values published with the fit", () => {
    expect(dataConstrainedLoss(6.34e9, 242e9, 25e9)).toBeCloseTo(2.2256440889984477, 10);
    expect(dataConstrainedLoss(8.67e9, 178e9, 25e9)).toBeCloseTo(2.2269634075087867, 10);
  });

  it("gives the effective-data multiplier per epoch count", () => {
    const mult = (epochs: number) => effectiveTokens(1, epochs) / 1;
    expect(mult(1)).toBeCloseTo(1, 6);
    expect(mult(2)).toBeCloseTo(1.968, 3);
    expect(mult(4)).toBeCloseTo(3.726, 3);
    expect(mult(10)).toBeCloseTo(7.814, 3);
    expect(mult(100)).toBeCloseTo(16.36, 2);
    expect(mult(1e9)).toBeCloseTo(1 + 15.387756, 4);
  });
});
