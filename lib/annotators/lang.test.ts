import { describe, expect, it } from "vitest";
import { langAnnotator, langInput } from "@/lib/annotators/lang";
import { brownDocs } from "@/lib/demo/brown";

const run = async (text: string, config: Record<string, unknown> = {}) => (await langAnnotator.annotate([{ id: "d", text }], langAnnotator.configSchema.parse(config)))[0];

// Real texts: the Brown corpus (English), the 1789 Declaration of the Rights of Man (French),
// the German Basic Law, Art. 1, and the Universal Declaration of Human Rights, Art. 1 (Chinese).
const SAMPLES: [string, string][] = [
  ["en", brownDocs()[0].text.split("\n").slice(0, 5).join("\n")],
  ["fr", "Les hommes naissent et demeurent libres et égaux en droits.\nLes distinctions sociales ne peuvent être fondées que sur l'utilité commune."],
  ["de", "Die Würde des Menschen ist unantastbar.\nSie zu achten und zu schützen ist Verpflichtung aller staatlichen Gewalt."],
  ["zh", "人人生而自由，在尊严和权利上一律平等。\n他们赋有理性和良心，并应以兄弟关系的精神相对待。"],
];

describe("lang", () => {
  for (const [code, text] of SAMPLES) {
    it(`identifies ${code}`, async () => {
      const r = await run(text);
      expect(r["lang.code"]).toBe(code);
      expect(r["lang.prob"] as number).toBeGreaterThan(0.5);
      expect(r["lang.prob"] as number).toBeLessThanOrEqual(1);
    });
  }

  it("replaces newlines with spaces and cuts long texts at max_chars", () => {
    expect(langInput("a\nb\r\nc", 0)).toBe("a b  c");
    expect(langInput("abcdef", 3)).toBe("abc");
    // Never cut inside a surrogate pair.
    expect(langInput("ab😀", 3)).toBe("ab");
  });

  it("gives no language to texts without letters", async () => {
    for (const t of ["", "  \n ", "12 34 !!", "😀😀"]) {
      const r = await run(t);
      expect(r["lang.code"]).toBeNull();
      expect(r["lang.prob"]).toBeNull();
    }
  });

  it("annotates a batch with one model load", async () => {
    const rows = await langAnnotator.annotate(
      SAMPLES.map(([code, text]) => ({ id: code, text })),
      langAnnotator.configSchema.parse({}),
    );
    expect(rows.map((r) => r["lang.code"])).toEqual(SAMPLES.map(([code]) => code));
  });
});
