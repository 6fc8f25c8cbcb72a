import { z } from "zod";
import type { TAnnotator, TColumnSpec } from "@/lib/annotators/types";
import { DATAMAN_DOMAINS, DATAMAN_RATINGS } from "@/lib/dataman/criteria";
import { PROMPT_STYLES } from "@/lib/dataman/prompts";
import { rateDocuments } from "@/lib/dataman/rate-documents";
import { checkTokenizerName } from "@/lib/annotators/tokenizers";
import { getEndpointRowOrThrow } from "@/lib/inference/endpoints";
import { emptyStats } from "@/lib/inference/stats";
import { AppError } from "@/lib/errors";

const ZConfig = z.object({
  /** The inference endpoint (Settings → Endpoints) that rates the documents. */
  endpointId: z.string().default(""),
  /** `dataman`: the released DataMan models' own prompt and 15-line answer; `instruct`: a general chat model, detailed prompt, JSON answer. */
  promptStyle: z.enum(PROMPT_STYLES).default("dataman"),
  /** Answer tokens (DataMan's 15 lines take 29; the JSON answer about 120). */
  maxTokens: z.number().int().min(1).max(8192).default(200),
  temperature: z.number().min(0).max(2).default(0),
  /** Requests per document for transient failures (429, 5xx, timeouts, network errors). */
  attempts: z.number().int().min(1).max(20).default(5),
  /** Answers per document before a malformed one is recorded as an error. */
  malformedAttempts: z.number().int().min(1).max(10).default(3),
  /** Rate a stratified random sample of this many documents (by source); 0 rates every document. */
  sampleSize: z.number().int().min(0).default(0),
  /** The sample is the documents with the smallest md5(id, seed) in each source. */
  sampleSeed: z.number().int().default(0),
  /** Counts tokens for the truncation budget (the endpoint's max input tokens): a gpt-tokenizer encoding (approximates the Qwen tokenizer) or a tokenizer.json path. */
  tokenizer: z.string().min(1).default("cl100k_base"),
});
export type TDatamanConfig = z.infer<typeof ZConfig>;

const P = "dataman";
const RATING_COLUMNS: TColumnSpec[] = DATAMAN_RATINGS.map((r) => ({
  name: `${P}.${r.key}`,
  type: "BIGINT",
  description: `${r.long}, 1–5: ${r.definition.replace(/^The higher the score, /, "higher = ")}`,
  better: "higher",
}));

const nullRow = (): Record<string, unknown> => Object.fromEntries([...RATING_COLUMNS.map((c) => [c.name, null]), [`${P}.domain`, null]]);

export const datamanAnnotator: TAnnotator<TDatamanConfig> = {
  id: P,
  version: "1",
  title: "DataMan quality ratings (model)",
  description:
    "14 ratings (13 quality criteria and an overall score, 1–5) and one of 15 domains per document, from a DataMan model or a chat model on an inference endpoint. Text truncated middle-out to the endpoint's token budget; answers cached by (content hash, model, prompt version). Optional stratified sample by source.",
  configSchema: ZConfig,
  columns: () => [
    ...RATING_COLUMNS,
    { name: `${P}.domain`, type: "VARCHAR", description: `Domain: ${DATAMAN_DOMAINS.map((d) => d.name).join(", ")}` },
    { name: `${P}.error`, type: "VARCHAR", description: "Why the document has no rating (error kind: message); null when rated or not sampled" },
    { name: `${P}.rated`, type: "BOOLEAN", description: "The document was rated (false: not in the sample, or failed)", better: "higher" },
  ],
  endpointId: (c) => c.endpointId,
  validate: (c) => {
    if (!c.endpointId) throw new AppError("UNPROCESSABLE", "dataman: choose an inference endpoint (Settings → Endpoints)");
    getEndpointRowOrThrow(c.endpointId);
    checkTokenizerName(c.tokenizer);
  },
  sample: (c) => (c.sampleSize > 0 ? { size: c.sampleSize, seed: c.sampleSeed } : null),
  unsampledRow: () => ({ ...nullRow(), [`${P}.error`]: null, [`${P}.rated`]: false }),
  annotate: async (docs, c, ctx) => {
    const endpoint = getEndpointRowOrThrow(c.endpointId);
    const results = await rateDocuments(docs, endpoint, {
      style: c.promptStyle,
      maxTokens: c.maxTokens,
      temperature: c.temperature,
      tokenizer: c.tokenizer,
      retry: { attempts: c.attempts, malformedAttempts: c.malformedAttempts },
      signal: ctx?.signal,
      stats: ctx?.inference ?? emptyStats(),
    });
    return results.map((r) =>
      r.ok
        ? { ...Object.fromEntries(RATING_COLUMNS.map((col, i) => [col.name, r.rating.scores[i]])), [`${P}.domain`]: r.rating.domain, [`${P}.error`]: null, [`${P}.rated`]: true }
        : { ...nullRow(), [`${P}.error`]: `${r.kind}: ${r.message}`.slice(0, 500), [`${P}.rated`]: false },
    );
  },
};
