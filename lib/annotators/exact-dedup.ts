import { createHash } from "node:crypto";
import { z } from "zod";
import { finalizeExactDedup } from "@/lib/annotate/dedup-step";
import type { TAnnotator, TColumnSpec } from "@/lib/annotators/types";
import * as tu from "@/lib/annotators/text-utils";

// Module-local copies: under tsx/esbuild every imported binding is a getter, too slow for hot loops.
const { C_PUNCT, C_SPACE, CHAR_CLASS } = tu;

const ZConfig = z.object({
  /** Lower-case, delete punctuation and collapse whitespace before hashing. */
  normalize: z.boolean().default(true),
});
export type TExactDedupConfig = z.infer<typeof ZConfig>;

let buf = new Uint16Array(4096);

/**
 * The text as exact dedup compares it: lower-cased, punctuation (Unicode P*) deleted, every run
 * of whitespace turned into one space, no leading or trailing space. "Hello,  World!" → "hello world".
 */
export const normalizeForDedup = (text: string): string => {
  const lower = text.toLowerCase();
  if (buf.length < lower.length) buf = new Uint16Array(lower.length * 2);
  let n = 0;
  let pendingSpace = false;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    const f = CHAR_CLASS[c];
    if (f & C_SPACE) pendingSpace = n > 0;
    else if (!(f & C_PUNCT)) {
      if (pendingSpace) buf[n++] = 32;
      pendingSpace = false;
      buf[n++] = c;
    }
  }
  return Buffer.from(buf.buffer, 0, n * 2).toString("utf16le");
};

/** SHA-1 (first 16 hex digits) of the UTF-8 bytes of the (normalised) text. */
export const contentHash = (text: string, normalize = true): string =>
  createHash("sha1")
    .update(normalize ? normalizeForDedup(text) : text, "utf8")
    .digest("hex")
    .slice(0, 16);

const P = "exact_dedup";

export const exactDedupAnnotator: TAnnotator<TExactDedupConfig> = {
  id: P,
  version: "2",
  title: "Exact duplicates",
  description:
    "Groups documents whose normalised text is identical (lower-cased, punctuation removed, whitespace collapsed). The first document of each group in corpus order is kept.",
  configSchema: ZConfig,
  global: { signatureColumns: [{ name: `${P}.hash`, type: "VARCHAR" }], finalize: finalizeExactDedup },
  columns: (): TColumnSpec[] => [
    { name: `${P}.hash`, type: "VARCHAR", description: "SHA-1 of the normalised text (16 hex digits)" },
    { name: `${P}.group_id`, type: "VARCHAR", description: "Id of the first document with the same hash" },
    { name: `${P}.group_size`, type: "BIGINT", description: "Documents with the same hash", better: "lower" },
    { name: `${P}.keep`, type: "BOOLEAN", description: "First document of its group in corpus order", better: "higher" },
  ],
  annotate: (docs, c) => docs.map(({ text }) => ({ [`${P}.hash`]: contentHash(text, c.normalize) })),
};
