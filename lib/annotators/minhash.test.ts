import { describe, expect, it } from "vitest";
import { normalizeForDedup } from "@/lib/annotators/exact-dedup";
import { bandHashes, minhashAnnotator, minhashSignature, shingleHashes, signatureSimilarity } from "@/lib/annotators/minhash";
import { brownDocs } from "@/lib/demo/brown";

const config = minhashAnnotator.configSchema.parse({});

/** True Jaccard similarity of the 5-word shingle sets. */
const jaccard = (a: string, b: string): number => {
  const sh = (t: string) => {
    const w = normalizeForDedup(t).split(" ").filter(Boolean);
    const s = new Set<string>();
    for (let i = 0; i + 5 <= w.length; i++) s.add(w.slice(i, i + 5).join(" "));
    return s;
  };
  const x = sh(a);
  const y = sh(b);
  let inter = 0;
  for (const s of x) if (y.has(s)) inter++;
  return inter / (x.size + y.size - inter);
};

describe("minhash", () => {
  it("uses FineWeb's defaults: 5-grams, 14 bands × 8 rows", () => {
    expect(config).toEqual({ ngram: 5, bands: 14, rows_per_band: 8, seed: 1 });
    const sig = minhashSignature(brownDocs()[0].text, config)!;
    expect(sig).toHaveLength(112);
    expect(bandHashes(sig, config)).toHaveLength(14);
  });

  it("shingles distinct 5-grams of normalised words (a short text is one shingle)", () => {
    // 7 words → 3 five-word shingles; punctuation and case do not matter.
    expect(shingleHashes("a b c d e f g", 5).count).toBe(3);
    const x = Array.from(shingleHashes("A, b c d e f g!", 5).hashes.subarray(0, 3));
    expect(Array.from(shingleHashes("a b c d e f g", 5).hashes.subarray(0, 3))).toEqual(x);
    // Repeated shingles are counted once.
    expect(shingleHashes("a b c d e a b c d e", 5).count).toBe(5);
    expect(shingleHashes("two words", 5).count).toBe(1);
    expect(shingleHashes("  ...  ", 5).count).toBe(0);
  });

  it("estimates Jaccard similarity", () => {
    const base = brownDocs()[5].text;
    const words = base.split(" ");
    for (const every of [50, 20, 8]) {
      const edited = words.map((w, i) => (i % every === 0 ? `${w}x` : w)).join(" ");
      const est = signatureSimilarity(minhashSignature(base, config)!, minhashSignature(edited, config)!);
      // Standard error at J ≈ 0.5 with 112 hashes ≈ 0.047: allow 3σ.
      expect(Math.abs(est - jaccard(base, edited))).toBeLessThan(0.15);
    }
  });

  it("gives near duplicates a shared band and unrelated texts none", () => {
    const docs = brownDocs();
    const base = docs[3].text.split("\n").slice(0, 8).join("\n");
    const edited = base.replace(/\bthe\b/, "a");
    const bands = (t: string) => new Set(bandHashes(minhashSignature(t, config)!, config));
    const b0 = bands(base);
    expect([...bands(edited)].some((h) => b0.has(h))).toBe(true);
    let shared = 0;
    const all = docs.slice(0, 60).map((d) => bands(d.text));
    for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) if ([...all[i]].some((h) => all[j].has(h))) shared++;
    expect(shared).toBe(0);
  });

  it("writes band hashes as its signature column; none for a text without words", async () => {
    const rows = await minhashAnnotator.annotate(
      [
        { id: "a", text: "" },
        { id: "b", text: "some words here" },
      ],
      config,
    );
    expect(rows[0]["minhash_dedup.bands"]).toEqual([]);
    expect(rows[1]["minhash_dedup.bands"]).toHaveLength(14);
    expect(minhashSignature("", config)).toBeNull();
  });

});
