import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";
import { describe, expect, it } from "vitest";
import { chunkDocument, chunkPrompt, docPrompt, lmProgram, numberLine, PROX_SYSTEM_PROMPT, type TChatFn, type TChatMessage, type TChatOptions } from "@/lib/refine/lm-source";

/** Counts each character as one token (so chunk sizes are easy to work out by hand). */
const charTokens = (s: string) => s.length;

/** A fake chat function that records every call and answers from a script. */
const fakeChat = (answer: (messages: TChatMessage[], opts: TChatOptions) => string) => {
  const calls: { messages: TChatMessage[]; opts: TChatOptions }[] = [];
  const chat: TChatFn = async (messages, opts) => {
    calls.push({ messages, opts });
    const text = answer(messages, opts);
    return { text, tokensIn: messages.reduce((a, m) => a + m.content.length, 0), tokensOut: text.length };
  };
  return { chat, calls };
};

describe("ProX prompts", () => {
  it("document stage: the raw text as the user message, no line numbers", () => {
    expect(docPrompt("line one\nline two")).toEqual([
      { role: "system", content: "You are a helpful, respectful and honest assistant." },
      { role: "user", content: "line one\nline two" },
    ]);
  });

  it("chunk stage: [doc] … [/doc] around the numbered chunk", () => {
    expect(chunkPrompt("[000]a\n[001]b")).toEqual([
      { role: "system", content: PROX_SYSTEM_PROMPT },
      { role: "user", content: "[doc]\n[000]a\n[001]b\n[/doc]" },
    ]);
  });

  it("numbers lines with at least three digits, document-global", () => {
    expect(numberLine(0, "x")).toBe("[000]x");
    expect(numberLine(42, "")).toBe("[042]");
    expect(numberLine(999, "y")).toBe("[999]y");
    expect(numberLine(1000, "z")).toBe("[1000]z");
  });
});

describe("chunkDocument (ProX trunc_text)", () => {
  // With one token per character and no overhead, "[000]abcde" costs 10.
  it("packs lines greedily while current + cost ≤ max", () => {
    expect(chunkDocument("abcde\nabcde\nabcde", charTokens, 20, 0)).toEqual(["[000]abcde\n[001]abcde", "[002]abcde"]);
    expect(chunkDocument("abcde\nabcde\nabcde", charTokens, 30, 0)).toEqual(["[000]abcde\n[001]abcde\n[002]abcde"]);
  });

  it("keeps global indices across chunks", () => {
    const chunks = chunkDocument(Array.from({ length: 5 }, () => "xxxxx").join("\n"), charTokens, 10, 0);
    expect(chunks).toEqual(["[000]xxxxx", "[001]xxxxx", "[002]xxxxx", "[003]xxxxx", "[004]xxxxx"]);
  });

  it("gives an over-long line a chunk of its own, untruncated, and flushes what came before", () => {
    const long = "y".repeat(50);
    expect(chunkDocument(`ab\n${long}\ncd`, charTokens, 20, 0)).toEqual(["[000]ab", `[001]${long}`, "[002]cd"]);
  });

  it("counts the per-line overhead (the BOS a Llama tokenizer adds)", () => {
    // 7 + 1 = 8 per line: two fit in 16, three do not.
    expect(chunkDocument("ab\ncd\nef", charTokens, 16, 1)).toEqual(["[000]ab\n[001]cd", "[002]ef"]);
  });

  it("an empty line and a trailing newline are lines too", () => {
    expect(chunkDocument("a\n\nb\n", charTokens, 1000, 0)).toEqual(["[000]a\n[001]\n[002]b\n[003]"]);
  });

  it("uses real token counts with a gpt-tokenizer encoding", () => {
    const line = "The quick brown fox jumps over the lazy dog.";
    const text = Array.from({ length: 300 }, () => line).join("\n");
    const chunks = chunkDocument(text, countTokens, 1500, 1);
    const cost = (numbered: string) => countTokens(numbered) + 1;
    const size = (chunk: string) => chunk.split("\n").reduce((a, l) => a + cost(l), 0);
    expect(chunks.length).toBeGreaterThan(2);
    // Greedy: every chunk fits, and the next chunk's first line would not have fitted.
    chunks.forEach((c, i) => {
      expect(size(c)).toBeLessThanOrEqual(1500);
      if (i + 1 < chunks.length) expect(size(c) + cost(chunks[i + 1].split("\n")[0])).toBeGreaterThan(1500);
    });
    expect(chunks.join("\n").split("\n")).toEqual(text.split("\n").map((l, i) => numberLine(i, l)));
  });
});

describe("lmProgram against a fake chat function", () => {
  it("both stages: the document program, then the chunk programs merged with \\n", async () => {
    const { chat, calls } = fakeChat((m) => (m[1].content.startsWith("[doc]") ? `  remove_lines(line_start=${m[1].content.match(/\[(\d+)\]/)![1]}, line_end=0)  ` : " keep_doc() "));
    const text = "abcde\nabcde\nabcde";
    const out = await lmProgram(text, chat, { stage: "both", countTokens: charTokens, chunkTokens: 20, lineOverhead: 0 });
    expect(calls).toHaveLength(3);
    expect(calls[0].opts).toMatchObject({ maxTokens: 2000, temperature: 0, topP: 0.9 });
    expect(calls[0].messages[1].content).toBe(text);
    expect(calls[1].opts.maxTokens).toBe(256);
    expect(calls.slice(1).map((c) => c.messages[1].content)).toEqual(["[doc]\n[000]abcde\n[001]abcde\n[/doc]", "[doc]\n[002]abcde\n[/doc]"]);
    expect(out.docProgram).toBe("keep_doc()");
    expect(out.chunkProgram).toBe("remove_lines(line_start=000, line_end=0)\nremove_lines(line_start=002, line_end=0)");
    expect(out.program).toBe(`keep_doc()\n${out.chunkProgram}`);
    expect(out.requests).toBe(3);
    expect(out.tokensOut).toBe(" keep_doc() ".length + 2 * "  remove_lines(line_start=000, line_end=0)  ".length);
  });

  it("skips the chunk stage when the document stage drops the document", async () => {
    const { chat, calls } = fakeChat(() => "drop_doc()");
    const out = await lmProgram("spam spam", chat, { stage: "both", countTokens: charTokens });
    expect(calls).toHaveLength(1);
    expect(out).toMatchObject({ docProgram: "drop_doc()", chunkProgram: null, program: "drop_doc()" });
  });

  it("runs one stage only when asked", async () => {
    const doc = fakeChat(() => "keep_doc()");
    expect((await lmProgram("a\nb", doc.chat, { stage: "doc", countTokens: charTokens })).program).toBe("keep_doc()");
    expect(doc.calls).toHaveLength(1);
    const chunk = fakeChat(() => "skip_chunk()");
    expect((await lmProgram("a\nb", chunk.chat, { stage: "chunk", countTokens: charTokens })).program).toBe("skip_chunk()");
    expect(chunk.calls.map((c) => c.messages[1].content)).toEqual(["[doc]\n[000]a\n[001]b\n[/doc]"]);
  });

  it("an empty document has no chunks", async () => {
    const { chat, calls } = fakeChat(() => "skip_chunk()");
    expect(await lmProgram("", chat, { stage: "chunk", countTokens: charTokens })).toMatchObject({ chunkProgram: "", program: "", requests: 0 });
    expect(calls).toHaveLength(0);
  });

  it("passes the abort signal to every request", async () => {
    const ctrl = new AbortController();
    const { chat, calls } = fakeChat(() => "keep_doc()");
    await lmProgram("a", chat, { stage: "both", countTokens: charTokens, signal: ctrl.signal });
    expect(calls.every((c) => c.opts.signal === ctrl.signal)).toBe(true);
  });
});
