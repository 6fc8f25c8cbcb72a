import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { inferenceCache } from "@/db/schema";
import { getDb } from "@/lib/db/client";

/** sha256 of a text, hex: the content hash of what is sent to a model. */
export const sha256Hex = (text: string): string => createHash("sha256").update(text).digest("hex");

/** The cache key of one question: sha256 over (content hash, model, prompt version). */
export const inferenceCacheKey = (contentHash: string, model: string, promptVersion: string): string => sha256Hex(JSON.stringify([contentHash, model, promptVersion]));

export type TCachedAnswer = { response: string; tokensIn: number; tokensOut: number };

export const readCachedAnswer = (key: string): TCachedAnswer | undefined =>
  getDb()
    .select({ response: inferenceCache.response, tokensIn: inferenceCache.tokensIn, tokensOut: inferenceCache.tokensOut })
    .from(inferenceCache)
    .where(eq(inferenceCache.key, key))
    .get();

/**
 * Stores one answer the moment it arrives (one small SQLite transaction), so a worker killed
 * mid-task keeps every answer it already paid for.
 */
export const writeCachedAnswer = (entry: { key: string; model: string; promptVersion: string; contentHash: string } & TCachedAnswer): void => {
  const values = { ...entry, createdAt: Date.now() };
  getDb()
    .insert(inferenceCache)
    .values(values)
    .onConflictDoUpdate({ target: inferenceCache.key, set: { response: values.response, tokensIn: values.tokensIn, tokensOut: values.tokensOut, createdAt: values.createdAt } })
    .run();
};
