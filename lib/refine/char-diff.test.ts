import { describe, expect, it } from "vitest";
import { diffChars, visible } from "@/lib/refine/char-diff";

describe("diffChars", () => {
  it.each<[string, string, [string, string][]]>([
    ["abc", "abc", [["same", "abc"]]],
    ["", "", []],
    ["a  b", "a b", [["same", "a "], ["del", " "], ["same", "b"]]],
    ["x\u00a0y\u00a0z", "x y z", [["same", "x"], ["del", "\u00a0"], ["ins", " "], ["same", "y"], ["del", "\u00a0"], ["ins", " "], ["same", "z"]]],
    ["zero\u200bwidth", "zerowidth", [["same", "zero"], ["del", "\u200b"], ["same", "width"]]],
    ["😀 a", "😀a", [["same", "😀"], ["del", " "], ["same", "a"]]],
    ["abc", "", [["del", "abc"]]],
    ["", "new", [["ins", "new"]]],
  ])("%j → %j", (a, b, expected) => {
    const d = diffChars(a, b);
    expect(d.map((s) => [s.kind, s.text])).toEqual(expected);
    // Both sides read back from the segments.
    expect(d.filter((s) => s.kind !== "ins").map((s) => s.text).join("")).toBe(a);
    expect(d.filter((s) => s.kind !== "del").map((s) => s.text).join("")).toBe(b);
  });

  it("shows invisible characters", () => {
    expect(visible("a b\u00a0c\u200b\t")).toBe("a·b⍽c⟨U+200B⟩→");
  });
});
