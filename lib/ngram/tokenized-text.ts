import fs from "node:fs";
import { isUtf8 } from "node:buffer";
import { detectFormat } from "@/lib/ingest/formats";
import { readInputChunks, splitLines } from "@/lib/ingest/open-input";
import { forEachToken, type TNgramTokenizer } from "@/lib/ngram/tokenize";

/**
 * Writes the documents of a JSON lines file (.gz/.zst ok) as lmplz input: one sentence (a document's
 * non-blank line) per line, tokens separated by single spaces, tokenized exactly as the studio does.
 * `lmplz -o 5 < out.txt > model.arpa` then gives a model whose perplexities match ours on the same text.
 */
export const writeTokenizedText = async (inFile: string, out: NodeJS.WritableStream, opts: { textField: string; tokenizer: TNgramTokenizer }): Promise<{ docs: number; sentences: number; skipped: number }> => {
  if (!fs.existsSync(inFile)) throw new Error(`No such file: ${inFile}`);
  let docs = 0;
  let sentences = 0;
  let skipped = 0;
  let pending: string[] = [];
  let line: string[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    if (!out.write(pending.join(""))) await new Promise<void>((r) => out.once("drain", () => r()));
    pending = [];
  };
  for await (const l of splitLines(readInputChunks(inFile, detectFormat(inFile)?.compression ?? "none", Number.MAX_SAFE_INTEGER), () => {}, () => skipped++)) {
    if (l.buf.length === 0) continue;
    let text: unknown;
    try {
      text = isUtf8(l.buf) ? (JSON.parse(l.buf.toString("utf8")) as Record<string, unknown>)?.[opts.textField] : undefined;
    } catch {
      text = undefined;
    }
    if (typeof text !== "string") {
      skipped++;
      continue;
    }
    forEachToken(
      text,
      opts.tokenizer,
      (t) => line.push(t),
      () => {
        pending.push(`${line.join(" ")}\n`);
        line = [];
        sentences++;
      },
    );
    docs++;
    if (pending.length > 10_000) await flush();
  }
  await flush();
  return { docs, sentences, skipped };
};
