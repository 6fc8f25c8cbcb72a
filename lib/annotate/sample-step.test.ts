import { describe, expect, it } from "vitest";
import { stratifiedQuotas } from "@/lib/annotate/sample-step";
import { emptyStats, totalOfAttempts } from "@/lib/inference/stats";

describe("stratifiedQuotas", () => {
  it.each([
    [{ a: 30, b: 30, c: 30 }, 20, { a: 7, b: 7, c: 6 }],
    [{ web: 700, books: 200, code: 100 }, 10, { web: 7, books: 2, code: 1 }],
    // 3 × 1/3: remainders tie, the larger source first.
    [{ big: 5, small: 1 }, 3, { big: 3, small: 0 }],
    [{ a: 2, b: 1 }, 10, { a: 2, b: 1 }],
    [{ a: 10 }, 0, { a: 0 }],
    [{}, 5, {}],
  ])("%j, %i → %j", (counts, size, expected) => {
    const q = stratifiedQuotas(counts, size);
    expect(q).toEqual(expected);
    const total = Object.values(counts).reduce((x, y) => x + y, 0);
    expect(Object.values(q).reduce((x, y) => x + y, 0)).toBe(Math.min(size, total));
  });
});

describe("totalOfAttempts", () => {
  it("adds spending over every attempt and outcomes from each task's latest attempt", () => {
    const s = (o: Partial<ReturnType<typeof emptyStats>>) => ({ ...emptyStats(), ...o });
    const total = totalOfAttempts([
      { task: 0, attempt: 1, stats: s({ requests: 50, answered: 50, tokensIn: 500, callsOk: 50 }) },
      { task: 0, attempt: 2, stats: s({ requests: 50, answered: 50, tokensIn: 500, callsOk: 100, cacheHits: 50 }) },
      { task: 1, attempt: 1, stats: s({ requests: 12, answered: 10, callsOk: 9, callsFailed: 1, callErrors: { http_5xx: 1 }, requestErrors: { http_5xx: 2 } }) },
    ]);
    expect(total).toMatchObject({ requests: 112, answered: 110, tokensIn: 1000, callsOk: 109, cacheHits: 50, callsFailed: 1, callErrors: { http_5xx: 1 }, requestErrors: { http_5xx: 2 } });
  });
});
