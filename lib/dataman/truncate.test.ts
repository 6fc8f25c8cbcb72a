import { describe, expect, it } from "vitest";
import { getTokenCodec, type TTokenCodec } from "@/lib/annotators/tokenizers";
import { cleanText, truncateMiddleOut } from "@/lib/dataman/truncate";

/** One token per character: the expected output can be written down by hand. */
const charCodec: TTokenCodec = { encode: (t) => Array.from(t).map((c) => c.codePointAt(0)!), decode: (ids) => String.fromCodePoint(...ids) };

describe("truncateMiddleOut", () => {
  it("keeps a text within the budget (stripped)", () => {
    expect(truncateMiddleOut("  abcdef \n", charCodec, 10)).toEqual({ text: "abcdef", tokens: 10, truncated: false });
  });

  it("keeps the first ⌊max/2⌋ and last ⌈max/2⌉ tokens around a literal ...", () => {
    expect(truncateMiddleOut("abcdefghijkl", charCodec, 6)).toEqual({ text: "abc...jkl", tokens: 7, truncated: true });
    expect(truncateMiddleOut("abcdefghijkl", charCodec, 5)).toEqual({ text: "ab...jkl", tokens: 6, truncated: true });
  });

  it("pre-cuts long texts to their first and last charMax/2 characters before tokenizing", () => {
    const text = `${"a".repeat(30)}${"m".repeat(50)}${"z".repeat(30)}`;
    // 110 chars > charMax 40: the first 20 and last 20 characters, 40 tokens, within a budget of 100.
    expect(truncateMiddleOut(text, charCodec, 100, 40)).toEqual({ text: `${"a".repeat(20)}${"z".repeat(20)}`, tokens: 40, truncated: true });
    // ... and then the token budget applies to those 40 tokens.
    expect(truncateMiddleOut(text, charCodec, 10, 40)).toEqual({ text: "aaaaa...zzzzz", tokens: 11, truncated: true });
  });

  it("counts code points, not UTF-16 units, when pre-cutting", () => {
    const text = "😀".repeat(30);
    expect(truncateMiddleOut(text, charCodec, 100, 20).text).toBe("😀".repeat(20));
  });

  it("with gpt-tokenizer: 1894 tokens of a long text, the middle replaced by ...", async () => {
    const codec = await getTokenCodec("cl100k_base");
    const words = Array.from({ length: 5000 }, (_, i) => `w${i}`);
    const text = words.join(" ");
    const r = truncateMiddleOut(text, codec, 1894);
    expect(r.truncated).toBe(true);
    expect(r.tokens).toBe(1895);
    expect(r.text.startsWith("w0 w1 w2")).toBe(true);
    expect(r.text.endsWith("w4998 w4999")).toBe(true);
    expect(r.text).toContain("...");
    const [front, back] = r.text.split("...");
    expect(codec.encode(front).length).toBeLessThanOrEqual(947 + 1);
    expect(text.includes(front.trim())).toBe(true);
    expect(text.includes(back.trim())).toBe(true);
  });
});

describe("cleanText (DataMan's regular_filtering)", () => {
  it("removes a leading quoted ellipsis and empty-alt image links at line ends", () => {
    expect(cleanText('"…"Hello')).toBe("Hello");
    expect(cleanText('"..."Hello')).toBe("Hello");
    expect(cleanText('Say "…" here')).toBe('Say "…" here');
    expect(cleanText("a\n![](/img/x.png)\nb ![](y.png)\nc")).toBe("a\nb c");
    expect(cleanText("keep ![alt](x.png)\n")).toBe("keep ![alt](x.png)\n");
  });
});

describe("truncateMiddleOut with a Hugging Face tokenizer.json", () => {
  it("counts and cuts with the tokenizer named by path", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "winnow-dataman-tok-"));
    // A tokenizer.json must lie under the data roots: this folder is made one.
    process.env.WINNOW_DATA_ROOTS = dir;
    const file = path.join(dir, "tokenizer.json");
    const vocab = Object.fromEntries(["[UNK]", ..."abcdefgh"].map((t, i) => [t, i]));
    fs.writeFileSync(
      file,
      JSON.stringify({
        version: "1.0",
        truncation: null,
        padding: null,
        added_tokens: [{ id: 0, content: "[UNK]", single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }],
        normalizer: null,
        pre_tokenizer: { type: "Whitespace" },
        post_processor: null,
        decoder: null,
        model: { type: "WordLevel", vocab, unk_token: "[UNK]" },
      }),
    );
    const codec = await getTokenCodec(file);
    expect(codec.encode("a b c d e f g h")).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const r = truncateMiddleOut("a b c d e f g h", codec, 4);
    expect(r.tokens).toBe(5);
    expect(r.text).toMatch(/^a ?b\.\.\.g ?h$/);
    delete process.env.WINNOW_DATA_ROOTS;
  });
});
