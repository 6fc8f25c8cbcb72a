import fs from "node:fs";
import { countTokens as countO200k } from "gpt-tokenizer/encoding/o200k_base";
import { countTokens as countCl100k } from "gpt-tokenizer/encoding/cl100k_base";
import { countTokens as countP50k } from "gpt-tokenizer/encoding/p50k_base";

export const GPT_ENCODINGS = ["o200k_base", "cl100k_base", "p50k_base"] as const;
export type TGptEncoding = (typeof GPT_ENCODINGS)[number];

const GPT_COUNTERS: Record<TGptEncoding, (text: string) => number> = {
  o200k_base: countO200k,
  cl100k_base: countCl100k,
  p50k_base: countP50k,
};

type THfTokenizer = { encode: (text: string) => { ids: number[] } };
const hfCache = new Map<string, Promise<THfTokenizer>>();

/** Loads a Hugging Face `tokenizer.json` (and its `tokenizer_config.json` beside it, if any). */
const loadHfTokenizer = (file: string): Promise<THfTokenizer> => {
  let cached = hfCache.get(file);
  if (!cached) {
    cached = (async () => {
      if (!fs.existsSync(file)) throw new Error(`Tokenizer file not found: ${file}`);
      const { Tokenizer } = (await import("@huggingface/tokenizers")) as unknown as {
        Tokenizer: new (json: unknown, config: unknown) => THfTokenizer;
      };
      const json = JSON.parse(fs.readFileSync(file, "utf8"));
      const configFile = file.replace(/tokenizer\.json$/, "tokenizer_config.json");
      const config = configFile !== file && fs.existsSync(configFile) ? JSON.parse(fs.readFileSync(configFile, "utf8")) : {};
      return new Tokenizer(json, config);
    })();
    hfCache.set(file, cached);
  }
  return cached;
};

/** A token counter: a gpt-tokenizer encoding by name, or a path to a Hugging Face tokenizer.json. */
export const getTokenCounter = async (tokenizer: string): Promise<(text: string) => number> => {
  if ((GPT_ENCODINGS as readonly string[]).includes(tokenizer)) return GPT_COUNTERS[tokenizer as TGptEncoding];
  const tok = await loadHfTokenizer(tokenizer);
  return (text) => tok.encode(text).ids.length;
};
