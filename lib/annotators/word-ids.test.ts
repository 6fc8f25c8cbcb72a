import { describe, expect, it } from "vitest";
import { DocumentWordIds } from "@/lib/annotators/word-ids";

describe("DocumentWordIds", () => {
  it("numbers distinct words by first appearance, through table growth, and starts again after reset", () => {
    const ids = new DocumentWordIds();
    const words = Array.from({ length: 5000 }, (_, i) => `w${(i * 7919) % 3001}`);
    const expected = new Map<string, number>();
    for (const w of words) {
      if (!expected.has(w)) expected.set(w, expected.size);
      expect(ids.idOf(w)).toBe(expected.get(w));
    }
    expect(ids.size).toBe(3001);
    ids.reset();
    expect(ids.idOf("w5")).toBe(0);
    expect(ids.idOf("")).toBe(1);
    expect(ids.idOf("w5")).toBe(0);
    expect(ids.idOf("\ud83d\ude00")).toBe(2);
  });
});
