import { eq } from "drizzle-orm";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import type Database from "better-sqlite3";
import * as schema from "@/db/schema";
import { encryptSecret, isEncryptedSecret } from "@/lib/security/secrets";

const { endpoints } = schema;

/** Where an endpoint's token is stored: bound to its ciphertext, so it cannot be moved to another row. */
export const endpointTokenContext = (id: string): string => `endpoint:${id}.token`;

/**
 * Encrypts every endpoint token still stored in plain text (written before encryption), without
 * leaving the plain text in freed pages or the WAL (secure_delete, then a truncating checkpoint).
 * Runs when the DB is opened; a no-op — no key file is created — when there is nothing to encrypt.
 * Returns how many tokens it encrypted.
 */
export const encryptPlaintextTokens = (db: BetterSQLite3Database<typeof schema> & { $client: Database.Database }): number => {
  const plain = db
    .select({ id: endpoints.id, token: endpoints.token })
    .from(endpoints)
    .all()
    .filter((r) => r.token && !isEncryptedSecret(r.token));
  if (plain.length === 0) return 0;
  db.$client.pragma("secure_delete = ON");
  try {
    db.$client.transaction(() => {
      for (const r of plain) db.update(endpoints).set({ token: encryptSecret(r.token!, endpointTokenContext(r.id)) }).where(eq(endpoints.id, r.id)).run();
    })();
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.$client.pragma("secure_delete = OFF");
  }
  return plain.length;
};
