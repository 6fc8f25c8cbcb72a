import fs from "node:fs";
import { assertPathAllowed } from "@/lib/ingest/source-spec";
import { getReadyModelOrThrow, modelFilePath } from "@/lib/models/models";
import { readArpa, type TArpaLoad } from "@/lib/ngram/arpa";
import { createScorer, type TNgramScorer } from "@/lib/ngram/model";
import { DEFAULT_TOKENIZER, ZNgramTokenizerSchema, type TNgramTokenizer } from "@/lib/ngram/tokenize";

/** A trained model (models table, kind ngram) or an ARPA file under the allowed data roots. */
export type TNgramModelRef = { modelId: string } | { arpaPath: string; tokenizer?: TNgramTokenizer };

export const ARPA_FILE = "model.arpa";

/** The file and tokenizer a reference stands for; throws a clear error when it cannot be used. */
export const resolveNgramModel = (ref: TNgramModelRef): { file: string; tokenizer: TNgramTokenizer; label: string } => {
  if ("modelId" in ref) {
    const row = getReadyModelOrThrow(ref.modelId, "ngram");
    const config = JSON.parse(row.configJson) as { tokenizer?: unknown };
    return { file: modelFilePath(row), tokenizer: ZNgramTokenizerSchema.parse(config.tokenizer ?? {}), label: `${row.name} (${row.id})` };
  }
  const file = assertPathAllowed(ref.arpaPath);
  if (!fs.statSync(file).isFile()) throw new Error(`${file} is a folder, not an ARPA file`);
  return { file, tokenizer: ref.tokenizer ?? DEFAULT_TOKENIZER, label: file };
};

export type TLoadedNgram = TArpaLoad & { scorer: TNgramScorer; tokenizer: TNgramTokenizer; file: string };

const MAX_CACHED = 2;
const cache = new Map<string, Promise<TArpaLoad & { scorer: TNgramScorer }>>();

/**
 * Loads (once per process, while the file is unchanged) the model a reference stands for, with one
 * shared scorer (scoring is synchronous, so batches never interleave on it). A worker annotating many
 * shards with one model parses its ARPA file once.
 */
export const loadNgramModel = async (ref: TNgramModelRef, onProgress?: () => void): Promise<TLoadedNgram> => {
  const { file, tokenizer } = resolveNgramModel(ref);
  // The model is a data file chosen at run time, not part of the app: keep Next.js from tracing it.
  const st = fs.statSync(/*turbopackIgnore: true*/ file);
  const key = `${file}:${st.size}:${st.mtimeMs}`;
  let hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
  } else {
    hit = readArpa(file, { onProgress }).then((l) => ({ ...l, scorer: createScorer(l.model) }));
    cache.set(key, hit);
    hit.catch(() => cache.delete(key));
    while (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  }
  return { ...(await hit), tokenizer, file };
};
