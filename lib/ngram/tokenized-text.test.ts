import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { writeArpa } from "@/lib/ngram/arpa";
import { createNgramCounter } from "@/lib/ngram/kneser-ney";
import { DEFAULT_TOKENIZER } from "@/lib/ngram/tokenize";
import { writeTokenizedText } from "@/lib/ngram/tokenized-text";
import { brownDocs } from "@/lib/demo/brown";

describe("lmplz input", () => {
  it("writes one tokenized sentence per line; a model trained on it equals one trained on the documents", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "winnow-ngram-text-"));
    const docs = brownDocs("paragraphs").slice(0, 12);
    const file = path.join(dir, "docs.jsonl");
    fs.writeFileSync(file, [...docs.map((d) => JSON.stringify({ text: d.text })), "not json", JSON.stringify({ other: 1 })].join("\n"));
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    const stats = await writeTokenizedText(file, out, { textField: "text", tokenizer: DEFAULT_TOKENIZER });
    const text = Buffer.concat(chunks).toString("utf8");
    expect(stats).toMatchObject({ docs: 12, skipped: 2 });
    expect(text.split("\n").filter(Boolean)).toHaveLength(stats.sentences);
    expect(text).not.toMatch(/[A-Z]|  /);

    // The studio's counts on the documents = whitespace-tokenized counts on the written text.
    const fromDocs = createNgramCounter({ order: 4 });
    docs.forEach((d) => fromDocs.addText(d.text));
    const fromText = createNgramCounter({ order: 4, tokenizer: { mode: "whitespace", lowercase: false, digits_to_zero: false } });
    fromText.addText(text);
    const a = path.join(dir, "a.arpa");
    const b = path.join(dir, "b.arpa");
    writeArpa(fromDocs.estimate().model, a);
    writeArpa(fromText.estimate().model, b);
    expect(fs.readFileSync(b, "utf8")).toBe(fs.readFileSync(a, "utf8"));
  });
});
