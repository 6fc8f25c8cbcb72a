import { createHash } from "node:crypto";
import { z } from "zod";
import type { TAnnotator } from "@/lib/annotators/types";

const ZConfig = z.object({
  /** Lower-case, drop punctuation and collapse whitespace before hashing. */
  normalize: z.boolean().default(true),
});
type TConfig = z.infer<typeof ZConfig>;

const PUNCT = /[\p{P}\p{S}]+/gu;
const SPACE = /\s+/g;

export const normalizeForDedup = (text: string): string => text.toLowerCase().replace(PUNCT, " ").replace(SPACE, " ").trim();

/** SHA-1 (first 16 hex digits) of the (normalised) text. */
export const contentHash = (text: string, normalize = true): string =>
  createHash("sha1")
    .update(normalize ? normalizeForDedup(text) : text)
    .digest("hex")
    .slice(0, 16);

const P = "exact_dedup";

export const exactDedupAnnotator: TAnnotator<TConfig> = {
  id: P,
  version: "1",
  title: "Exact duplicates",
  description: "Groups documents whose normalised text is identical (lower-cased, punctuation removed, whitespace collapsed). The first document of each group in corpus order is kept.",
  configSchema: ZConfig,
  global: { signatureColumns: [{ name: `${P}.hash`, type: "VARCHAR" }] },
  columns: () => [
    { name: `${P}.hash`, type: "VARCHAR", description: "SHA-1 of the normalised text (16 hex digits)" },
    { name: `${P}.group_id`, type: "VARCHAR", description: "Id of the first document with the same hash" },
    { name: `${P}.group_size`, type: "BIGINT", description: "Documents with the same hash", better: "lower" },
    { name: `${P}.keep`, type: "BOOLEAN", description: "First document of its group in corpus order", better: "higher" },
  ],
  annotate: (docs, c) => docs.map(({ text }) => ({ [`${P}.hash`]: contentHash(text, c.normalize) })),
};
