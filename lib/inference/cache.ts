import { createHash } from "node:crypto";
import type Database from "better-sqlite3";
import { getDb } from "@/lib/db/client";

/** sha256 of a text, hex: the content hash of what is sent to a model. */
export const sha256Hex = (text: string): string => createHash("sha256").update(text).digest("hex");

/** The cache key of one question: sha256 over (content hash, model, prompt version). */
export const inferenceCacheKey = (contentHash: string, model: string, promptVersion: string): string => sha256Hex(JSON.stringify([contentHash, model, promptVersion]));

export type TCachedAnswer = { response: string; tokensIn: number; tokensOut: number };

type TStatements = { read: Database.Statement<[string], TCachedAnswer>; write: Database.Statement<[string, string, string, string, string, number, number, number]> };

// Prepared once per DB handle: one lookup and one insert per document, at thousands per second
// (through the query builder, or with getDb()'s config check per call, each cost several times more;
// bench/RESULTS.md, "Inference"). A closed handle (the data dir changed) is replaced.
let current: { client: Database.Database; s: TStatements } | undefined;

const prepared = (): TStatements => {
  if (current?.client.open) return current.s;
  const client = getDb().$client;
  const s: TStatements = {
    read: client.prepare<[string], TCachedAnswer>("SELECT response, tokens_in AS tokensIn, tokens_out AS tokensOut FROM inference_cache WHERE key = ?"),
    write: client.prepare(
      `INSERT INTO inference_cache (key, model, prompt_version, content_hash, response, tokens_in, tokens_out, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET response = excluded.response, tokens_in = excluded.tokens_in, tokens_out = excluded.tokens_out, created_at = excluded.created_at`,
    ),
  };
  current = { client, s };
  return s;
};

export const readCachedAnswer = (key: string): TCachedAnswer | undefined => prepared().read.get(key);

/**
 * Stores one answer the moment it arrives (its own small SQLite transaction), so a worker killed
 * mid-task keeps every answer it already paid for.
 */
export const writeCachedAnswer = (entry: { key: string; model: string; promptVersion: string; contentHash: string } & TCachedAnswer): void => {
  prepared().write.run(entry.key, entry.model, entry.promptVersion, entry.contentHash, entry.response, entry.tokensIn, entry.tokensOut, Date.now());
};
