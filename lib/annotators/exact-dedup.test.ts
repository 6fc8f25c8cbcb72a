import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { contentHash, exactDedupAnnotator, normalizeForDedup } from "@/lib/annotators/exact-dedup";

describe("exact_dedup", () => {
  it("normalises case, punctuation and whitespace", () => {
    expect(normalizeForDedup("  Hello,\n\tWORLD!!  ")).toBe("hello world");
    expect(normalizeForDedup("Don't—stop…")).toBe("dontstop");
    expect(normalizeForDedup("")).toBe("");
    expect(normalizeForDedup("  ...  ")).toBe("");
    expect(normalizeForDedup("Ünïcödé 東京 😀")).toBe("ünïcödé 東京 😀");
  });

  it("hashes the normalised text with SHA-1, 16 hex digits", () => {
    // sha1("hello world") = 2aae6c35c94fcfb415dbe95f408b9ce91ee846ed.
    expect(contentHash("Hello,   World!")).toBe("2aae6c35c94fcfb4");
    expect(contentHash("hello world")).toBe(createHash("sha1").update("hello world").digest("hex").slice(0, 16));
    expect(contentHash("Hello, World!", false)).not.toBe(contentHash("hello world", false));
    expect(contentHash("a\r\nb")).toBe(contentHash("a b"));
  });

  it("writes the hash as its signature column", async () => {
    const rows = await exactDedupAnnotator.annotate([{ id: "a", text: "Same text." }, { id: "b", text: "same TEXT" }], { normalize: true });
    expect(rows[0]["exact_dedup.hash"]).toBe(rows[1]["exact_dedup.hash"]);
  });

});
