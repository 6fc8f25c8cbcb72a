import fs from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/errors";
import { isAllowedUserPath, resolveUserPath } from "@/lib/security/paths";

/** gpt-tokenizer encodings a tokenizer can be named by. */
export const GPT_ENCODINGS = ["o200k_base", "cl100k_base", "p50k_base", "r50k_base"] as const;
export type TGptEncoding = (typeof GPT_ENCODINGS)[number];

/** Encodes text to token ids and back: for truncating a text to a token budget. */
export type TTokenCodec = { encode: (text: string) => number[]; decode: (ids: number[]) => string };
/** A loaded tokenizer: counts tokens (content tokens only, no BOS/EOS), encodes and decodes. */
type TTokenizer = TTokenCodec & { count: (text: string) => number };

type TGptModule = {
  countTokens: (text: string, options?: { disallowedSpecial?: Set<string> }) => number;
  encode: (text: string, options?: { disallowedSpecial?: Set<string> }) => number[];
  decode: (ids: number[]) => string;
};

/**
 * Special-token strings ("<|endoftext|>") in documents are ordinary text: nothing is disallowed
 * (gpt-tokenizer would throw otherwise) and nothing is allowed (so they are not one token).
 */
const AS_TEXT = { disallowedSpecial: new Set<string>() };

// Each encoding's rank table is several MB: imported on first use only.
const loadGpt = async (encoding: TGptEncoding): Promise<TTokenizer> => {
  const mod: TGptModule =
    encoding === "o200k_base"
      ? await import("gpt-tokenizer/encoding/o200k_base")
      : encoding === "cl100k_base"
        ? await import("gpt-tokenizer/encoding/cl100k_base")
        : encoding === "p50k_base"
          ? await import("gpt-tokenizer/encoding/p50k_base")
          : await import("gpt-tokenizer/encoding/r50k_base");
  return {
    count: (text) => (text.length === 0 ? 0 : mod.countTokens(text, AS_TEXT)),
    encode: (text) => (text.length === 0 ? [] : mod.encode(text, AS_TEXT)),
    decode: (ids) => mod.decode(ids),
  };
};

type THfTokenizer = {
  encode: (text: string, options?: { add_special_tokens?: boolean }) => { ids: number[] };
  decode: (ids: number[], options?: { skip_special_tokens?: boolean }) => string;
};

/** Parses a JSON file without ever putting its text into an error (a parse error quotes the input). */
const readJsonFile = (file: string, label: string): unknown => {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    throw new AppError("UNPROCESSABLE", `${label} is not a valid JSON tokenizer file`);
  }
};

/**
 * Loads a Hugging Face `tokenizer.json` (and the `tokenizer_config.json` beside it, if any). The path
 * must lie under the data roots (`lib/security/paths.ts`); errors name the path as given, never the
 * file's contents.
 */
const loadHf = async (given: string): Promise<TTokenizer> => {
  const file = resolveUserPath(given, "file");
  const { Tokenizer } = (await import("@huggingface/tokenizers")) as unknown as { Tokenizer: new (json: unknown, config: unknown) => THfTokenizer };
  const json = readJsonFile(file, given);
  const configFile = path.join(path.dirname(file), "tokenizer_config.json");
  const config = isAllowedUserPath(configFile) ? readJsonFile(configFile, "tokenizer_config.json") : {};
  let tok: THfTokenizer;
  try {
    tok = new Tokenizer(json, config);
  } catch {
    throw new AppError("UNPROCESSABLE", `${given} is not a Hugging Face tokenizer.json`);
  }
  // Content tokens only: no BOS/EOS added by the post-processor.
  const encode = (text: string) => (text.length === 0 ? [] : tok.encode(text, { add_special_tokens: false }).ids);
  return { count: (text) => encode(text).length, encode, decode: (ids) => tok.decode(ids, { skip_special_tokens: false }) };
};

const cache = new Map<string, Promise<TTokenizer>>();

/** A gpt-tokenizer encoding by name, or a path to a Hugging Face tokenizer.json; loaded once per process. */
const getTokenizer = (tokenizer: string): Promise<TTokenizer> => {
  let c = cache.get(tokenizer);
  if (!c) {
    c = (GPT_ENCODINGS as readonly string[]).includes(tokenizer) ? loadGpt(tokenizer as TGptEncoding) : loadHf(tokenizer);
    c.catch(() => cache.delete(tokenizer));
    cache.set(tokenizer, c);
  }
  return c;
};

/** A token counter: a gpt-tokenizer encoding by name, or a path to a Hugging Face tokenizer.json. */
export const getTokenCounter = async (tokenizer: string): Promise<(text: string) => number> => (await getTokenizer(tokenizer)).count;

/** A token codec by the same names as `getTokenCounter`. */
export const getTokenCodec = (tokenizer: string): Promise<TTokenCodec> => getTokenizer(tokenizer);

/** Checks a tokenizer name when a run is created: an encoding name, or a tokenizer.json under the data roots. */
export const checkTokenizerName = (tokenizer: string): void => {
  if (tokenizer === "none" || (GPT_ENCODINGS as readonly string[]).includes(tokenizer)) return;
  resolveUserPath(tokenizer, "file");
};
