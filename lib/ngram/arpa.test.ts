import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readArpa, writeArpa } from "@/lib/ngram/arpa";
import { createNgramCounter } from "@/lib/ngram/kneser-ney";
import { createScorer, perplexityOf } from "@/lib/ngram/model";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "winnow-arpa-"));
const write = (name: string, text: string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};

// A hand-written trigram model; the expected scores below are worked out by hand from the ARPA
// back-off rule, independently of the code.
const TINY = `# a comment before the data section, as lmplz -V writes
\\data\\
ngram 1=5
ngram 2=3
ngram 3=1

\\1-grams:
-1.0\t<unk>
-99\t<s>\t-0.5
-0.7\t</s>
-0.6\ta\t-0.3
-0.8\tb\t-0.2

\\2-grams:
-0.4\t<s> a\t-0.1
-0.25 a b -0.15
-0.35\tb </s>

\\3-grams:
-0.05\t<s> a b

\\end\\
`;

describe("ARPA scoring", () => {
  it("follows the back-off rule exactly (hand-computed)", async () => {
    const { model, warnings } = await readArpa(write("tiny.arpa", TINY));
    expect(warnings).toEqual([]);
    const s = createScorer(model);
    // <s> a b </s>: p(a|<s>) = -0.4 (bigram); p(b|<s> a) = -0.05 (trigram);
    // p(</s>|a b) = bo(a b) -0.15 + p(</s>|b) -0.35.
    const ab = s.scoreTokens(["a", "b"]);
    expect(ab.log10Prob).toBeCloseTo(-0.4 - 0.05 - 0.15 - 0.35, 6);
    expect(ab.nTokens).toBe(3);
    expect(perplexityOf(ab.log10Prob, ab.nTokens)).toBeCloseTo(Math.pow(10, 0.95 / 3), 6);
    // <s> b a </s>: p(b|<s>) = bo(<s>) -0.5 + p(b) -0.8; p(a|<s> b) = (no <s> b) 0 + bo(b) -0.2 + p(a) -0.6;
    // p(</s>|b a) = (no b a) 0 + bo(a) -0.3 + p(</s>) -0.7.
    expect(s.scoreTokens(["b", "a"]).log10Prob).toBeCloseTo(-1.3 - 0.8 - 1.0, 6);
    // An unknown word is <unk>: p(<unk>|<s>) = bo(<s>) -0.5 + -1.0; p(</s>|<s> <unk>) = bo(<unk>) 0 + p(</s>) -0.7.
    const oov = s.scoreTokens(["zebra"]);
    expect(oov.log10Prob).toBeCloseTo(-1.5 - 0.7, 6);
    expect(oov.oov).toBe(1);
    // Lines are sentences; blank lines are skipped; the default tokenizer lower-cases.
    const text = s.scoreText("A b\n\n  \nB a\n");
    expect(text.sentences).toBe(2);
    expect(text.nTokens).toBe(6);
    expect(text.log10Prob).toBeCloseTo(-0.95 - 3.1, 5);
  });

  it("scores a model whose n-grams lack their suffixes by the general rule (hand-computed)", async () => {
    // "<s> b a" is stored but its suffix "b a" is not (SRILM-style pruning can do this).
    const text = TINY.replace("ngram 3=1", "ngram 3=2").replace("-0.05\t<s> a b\n", "-0.05\t<s> a b\n-0.02\t<s> b a\n");
    const { model, warnings } = await readArpa(write("nosuffix.arpa", text));
    expect(model.suffixClosed).toBe(false);
    expect(warnings[0]).toMatch(/lack their suffix/);
    // p(b|<s>) = bo(<s>) -0.5 + p(b) -0.8; p(a|<s> b) = -0.02 (trigram); p(</s>|b a) = bo(a) -0.3 + p(</s>) -0.7.
    expect(createScorer(model).scoreTokens(["b", "a"]).log10Prob).toBeCloseTo(-1.3 - 0.02 - 1.0, 6);
  });

  it("adds a missing <unk> with log10 p = -100 as KenLM does", async () => {
    const noUnk = TINY.replace("ngram 1=5", "ngram 1=4").replace("-1.0\t<unk>\n", "");
    const { model, warnings } = await readArpa(write("nounk.arpa", noUnk));
    expect(warnings[0]).toMatch(/no <unk>/);
    expect(createScorer(model).scoreTokens(["zebra"]).log10Prob).toBeCloseTo(-0.5 - 100 - 0.7, 4);
  });

  it("rejects malformed files with the line that is wrong", async () => {
    const bad = async (name: string, text: string) => readArpa(write(name, text));
    await expect(bad("count.arpa", TINY.replace("ngram 2=3", "ngram 2=4"))).rejects.toThrow(/ngram 2=4 but the \\2-grams: section has 3 lines/);
    await expect(bad("word.arpa", TINY.replace("-0.35\tb </s>", "-0.35\tc </s>"))).rejects.toThrow(/line 17: "c" is not in the \\1-grams: section/);
    await expect(bad("num.arpa", TINY.replace("-0.25 a b", "x a b"))).rejects.toThrow(/line 16: "x" is not a number/);
    await expect(bad("dup.arpa", TINY.replace("-0.35\tb </s>", "-0.35\ta b"))).rejects.toThrow(/duplicate 2-gram "a b"/);
    await expect(bad("trunc.arpa", TINY.replace("\\end\\\n", ""))).rejects.toThrow(/ends before \\end\\/);
    await expect(bad("none.arpa", "hello\n")).rejects.toThrow(/not an ARPA file/);
    await expect(bad("nobos.arpa", TINY.replace("-99\t<s>\t-0.5", "-99\t<t>\t-0.5").replaceAll("<s> a", "<t> a"))).rejects.toThrow(/no <s> unigram/);
    await expect(readArpa(path.join(dir, "missing.arpa"))).rejects.toThrow(/No such ARPA file/);
    await expect(readArpa(write("big.arpa", TINY), { maxNgrams: 5 })).rejects.toThrow(/holds 9 n-grams; this worker loads at most 5/);
  });

  it("round-trips a trained model: write → read gives the same tables and the same scores", async () => {
    const counter = createNgramCounter({ order: 4 });
    const text = "the cat sat on the mat.\nthe dog sat on the log.\na cat and a dog.\nthe cat saw the dog on the mat.\n";
    for (let i = 0; i < 3; i++) counter.addText(text);
    const { model } = counter.estimate();
    const file = path.join(dir, "trained.arpa");
    const bytes = writeArpa(model, file);
    expect(fs.statSync(file).size).toBe(bytes);
    const { model: back } = await readArpa(file);
    expect(back.tables.map((t) => t.size)).toEqual(model.tables.map((t) => t.size));
    const a = createScorer(model);
    const b = createScorer(back);
    for (const probe of [text, "the mat sat on a cat.", "an unseen zebra on the mat", "dog dog dog"]) {
      expect(b.scoreText(probe)).toEqual(a.scoreText(probe));
    }
    // The general back-off lookup gives the same scores as the fast suffix-closed one.
    const general = createScorer({ ...back, suffixClosed: false });
    for (const probe of [text, "the mat sat on a cat.", "an unseen zebra on the mat"]) expect(general.scoreText(probe).log10Prob).toBeCloseTo(a.scoreText(probe).log10Prob, 9);
    // Written back again, the file is byte-identical.
    const again = path.join(dir, "again.arpa");
    writeArpa(back, again);
    expect(fs.readFileSync(again, "utf8")).toBe(fs.readFileSync(file, "utf8"));
  });
});
