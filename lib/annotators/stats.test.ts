import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { encode as encodeCl100k } from "gpt-tokenizer/encoding/cl100k_base";
import { encode as encodeO200k } from "gpt-tokenizer/encoding/o200k_base";
import { describe, expect, it } from "vitest";
import { statsAnnotator, textStats } from "@/lib/annotators/stats";

const run = async (text: string, config: Record<string, unknown> = {}) => (await statsAnnotator.annotate([{ id: "d", text }], statsAnnotator.configSchema.parse(config)))[0];

describe("stats", () => {
  it("counts characters, bytes, words, lines and mean word length by hand", () => {
    // "Hello world 👋" = 13 code points, "\n", "second line" = 11 → 25; 👋 is 4 UTF-8 bytes → 24 + 4 = 28.
    // Words Hello(5) world(5) 👋(1) second(6) line(4): 21/5 = 4.2. Two lines.
    expect(textStats("Hello world 👋\nsecond line")).toEqual({ n_chars: 25, n_bytes: 28, n_words: 5, n_lines: 2, mean_word_length: 4.2 });
    expect(textStats("")).toEqual({ n_chars: 0, n_bytes: 0, n_words: 0, n_lines: 0, mean_word_length: 0 });
    // A final newline does not start a line; blank lines count.
    expect(textStats("a\n").n_lines).toBe(1);
    expect(textStats("a\n\nb").n_lines).toBe(3);
    expect(textStats("a\r\nb\r\n").n_lines).toBe(2);
    // "é" is 2 bytes, "中" 3.
    expect(textStats("é中").n_bytes).toBe(5);
  });

  it("counts tokens with gpt-tokenizer encodings, special tokens as plain text", async () => {
    const text = "Tokenizers split text into pieces; 東京 and emoji 🎉 too.";
    expect((await run(text))["stats.n_tokens"]).toBe(encodeO200k(text).length);
    expect((await run(text, { tokenizer: "cl100k_base" }))["stats.n_tokens"]).toBe(encodeCl100k(text).length);
    // "<|endoftext|>" in a document is text, not a special token (and does not throw).
    const special = "before <|endoftext|> after";
    expect((await run(special))["stats.n_tokens"]).toBe(encodeO200k(special, { disallowedSpecial: new Set() }).length);
    expect((await run(special))["stats.n_tokens"] as number).toBeGreaterThan(3);
    expect((await run(""))["stats.n_tokens"]).toBe(0);
    expect(await run("x", { tokenizer: "none" })).not.toHaveProperty("stats.n_tokens");
  });

  it("counts tokens with a Hugging Face tokenizer.json, without added special tokens", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "winnow-tok-"));
    // A tokenizer.json must lie under the data roots: this folder is made one.
    process.env.WINNOW_DATA_ROOTS = dir;
    const file = path.join(dir, "tokenizer.json");
    const special = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
    fs.writeFileSync(
      file,
      JSON.stringify({
        version: "1.0",
        truncation: null,
        padding: null,
        added_tokens: [special(0, "[UNK]"), special(1, "[CLS]"), special(2, "[SEP]")],
        normalizer: { type: "Lowercase" },
        pre_tokenizer: { type: "Whitespace" },
        post_processor: { type: "BertProcessing", sep: ["[SEP]", 2], cls: ["[CLS]", 1] },
        decoder: null,
        model: { type: "WordPiece", unk_token: "[UNK]", continuing_subword_prefix: "##", max_input_chars_per_word: 100, vocab: { "[UNK]": 0, "[CLS]": 1, "[SEP]": 2, hello: 3, world: 4, "##s": 5, "!": 6 } },
      }),
    );
    // hello · world · ##s · ! = 4 (no [CLS]/[SEP]); "xyz hello" = [UNK] · hello = 2.
    expect((await run("Hello worlds!", { tokenizer: file }))["stats.n_tokens"]).toBe(4);
    expect((await run("xyz hello", { tokenizer: file }))["stats.n_tokens"]).toBe(2);
    await expect(run("x", { tokenizer: path.join(dir, "missing.json") })).rejects.toThrow(/No such file/);
    await expect(run("x", { tokenizer: "/etc/passwd" })).rejects.toThrow(/outside the allowed data roots/);
    delete process.env.WINNOW_DATA_ROOTS;
  });
});
