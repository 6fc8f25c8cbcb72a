import { parseProgram } from "@/lib/refine/parse-program";

/**
 * The refining-LM program source: ProX's document-level and chunk-level prompts (seeds.md §2.2,
 * §2.3), sent through a chat function. It knows nothing about endpoints: `lib/refine/lm-endpoint.ts`
 * turns an endpoint id into a `TChatFn` through `lib/inference/`.
 */

export type TChatMessage = { role: "system" | "user"; content: string };
export type TChatOptions = { maxTokens: number; temperature: number; topP: number; signal?: AbortSignal };
/** `cached`: answered from the response cache (no request sent, nothing billed). */
export type TChatResult = { text: string; tokensIn: number; tokensOut: number; cached?: boolean };
/** One chat completion (an OpenAI-compatible / TGI Messages call, or anything that answers like one). */
export type TChatFn = (messages: TChatMessage[], opts: TChatOptions) => Promise<TChatResult>;

export type TLmStage = "doc" | "chunk" | "both";

export const PROX_SYSTEM_PROMPT = "You are a helpful, respectful and honest assistant.";
/** Generation settings of both ProX stages: greedy (temperature 0, top_p 0.9). */
export const PROX_TEMPERATURE = 0;
export const PROX_TOP_P = 0.9;
export const DOC_MAX_TOKENS = 2000;
export const CHUNK_MAX_TOKENS = 256;
/** `trunc_text(max_token=1500, max_digits=3)`. */
export const CHUNK_TOKENS = 1500;
const MAX_DIGITS = 3;

/** Document stage: the raw text, no line numbers. (ProX truncates the templated prompt to 2000 tokens; the endpoint client's input limit plays that part here.) */
export const docPrompt = (text: string): TChatMessage[] => [
  { role: "system", content: PROX_SYSTEM_PROMPT },
  { role: "user", content: text },
];

export const chunkPrompt = (chunk: string): TChatMessage[] => [
  { role: "system", content: PROX_SYSTEM_PROMPT },
  { role: "user", content: `[doc]\n${chunk}\n[/doc]` },
];

/** A line as the chunk model sees it: `[007]text`, with the document-global 0-based index (≥ 1000 prints 4 digits). */
export const numberLine = (idx: number, line: string): string => `[${String(idx).padStart(MAX_DIGITS, "0")}]${line}`;

/**
 * ProX `trunc_text`: split on "\n", number every line, and pack lines greedily into chunks of at
 * most `maxTokens` tokens (a line is appended while current + cost ≤ maxTokens; otherwise the
 * chunk is flushed and the line starts a new one; a line that alone exceeds maxTokens becomes a
 * chunk of its own, not truncated). Chunks are the numbered lines joined with "\n".
 *
 * A line's cost is `countTokens(numbered line) + lineOverhead`. ProX counts with the chunk model's
 * own tokenizer, whose `encode` adds a BOS token to every line (Llama): `lineOverhead = 1` stands
 * for that BOS when `countTokens` is a gpt-tokenizer encoding that adds none.
 */
export const chunkDocument = (text: string, countTokens: (s: string) => number, maxTokens = CHUNK_TOKENS, lineOverhead = 1): string[] => {
  const chunks: string[] = [];
  let current: string[] = [];
  let used = 0;
  text.split("\n").forEach((line, idx) => {
    const numbered = numberLine(idx, line);
    const cost = countTokens(numbered) + lineOverhead;
    if (used + cost <= maxTokens) {
      current.push(numbered);
      used += cost;
      return;
    }
    if (current.length > 0) chunks.push(current.join("\n"));
    current = [numbered];
    used = cost;
    if (cost > maxTokens) {
      chunks.push(numbered);
      current = [];
      used = 0;
    }
  });
  if (current.length > 0) chunks.push(current.join("\n"));
  return chunks;
};

/** ProX strips spaces (only spaces) from both ends of each answer. */
const stripSpaces = (s: string): string => s.replace(/^ +| +$/g, "");

export type TLmProgram = {
  /** The document-level program (null when that stage did not run). */
  docProgram: string | null;
  /** The chunk programs joined with "\n" (null when that stage did not run). */
  chunkProgram: string | null;
  /** Both, as one program: the document-level line(s), then the chunk-level ones. */
  program: string;
  requests: number;
  /** Answers that came from the response cache (not in `requests`). */
  cacheHits: number;
  tokensIn: number;
  tokensOut: number;
};

export type TLmSourceOptions = {
  stage: TLmStage;
  countTokens: (s: string) => number;
  chunkTokens?: number;
  lineOverhead?: number;
  signal?: AbortSignal;
};

/**
 * Asks the refining model(s) for a document's program. With `both`, the chunk stage runs only
 * when the document stage keeps the document (ProX drops it there: an empty text has no chunks).
 */
export const lmProgram = async (text: string, chat: TChatFn, opts: TLmSourceOptions): Promise<TLmProgram> => {
  const out: TLmProgram = { docProgram: null, chunkProgram: null, program: "", requests: 0, cacheHits: 0, tokensIn: 0, tokensOut: 0 };
  const ask = async (messages: TChatMessage[], maxTokens: number) => {
    const r = await chat(messages, { maxTokens, temperature: PROX_TEMPERATURE, topP: PROX_TOP_P, signal: opts.signal });
    if (r.cached) out.cacheHits++;
    else out.requests++;
    out.tokensIn += r.tokensIn;
    out.tokensOut += r.tokensOut;
    return stripSpaces(r.text);
  };
  if (opts.stage !== "chunk") {
    out.docProgram = await ask(docPrompt(text), DOC_MAX_TOKENS);
    if (parseProgram(out.docProgram).ops.some((op) => op.fn === "drop_doc")) {
      out.program = out.docProgram;
      return out;
    }
  }
  if (opts.stage !== "doc") {
    const chunks = text === "" ? [] : chunkDocument(text, opts.countTokens, opts.chunkTokens ?? CHUNK_TOKENS, opts.lineOverhead ?? 1);
    const answers = await Promise.all(chunks.map((c) => ask(chunkPrompt(c), CHUNK_MAX_TOKENS)));
    out.chunkProgram = answers.join("\n");
  }
  out.program = [out.docProgram, out.chunkProgram].filter((p): p is string => p !== null && p !== "").join("\n");
  return out;
};
