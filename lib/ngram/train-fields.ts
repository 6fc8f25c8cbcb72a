import { z } from "zod";

/** The numbers of an n-gram training config the train panel edits (pure: the panel reads their bounds). */
export const ZNgramOrderSchema = z.number().int().min(1).max(10).default(5);
/** Share of the reference set held out (by a hash of the id) to measure perplexity on. */
export const ZNgramHeldoutSchema = z.number().min(0).max(0.5).default(0.1);
/** Train on at most this many documents (a hash-random sample of the training part). */
export const ZNgramMaxDocsSchema = z.number().int().min(1).optional();
