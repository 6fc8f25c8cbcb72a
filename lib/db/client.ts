import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "@/db/schema";
import { getConfig } from "@/lib/config";
import { encryptPlaintextTokens } from "@/lib/security/endpoint-tokens";

export type TDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const MIGRATIONS_DIR = path.join(process.cwd(), "db", "migrations");

type TDbHandle = { file: string; db: TDb };
const globalForDb = globalThis as unknown as { __winnowDb?: TDbHandle };

export const metadataDbFile = (dataDir = getConfig().dataDir): string => path.join(dataDir, "winnow.db");

/** Opens the metadata DB (SQLite in the data dir), applying pending migrations once per process. */
export const getDb = (): TDb => {
  const config = getConfig();
  if (config.databaseUrl) {
    throw new Error(
      "DATABASE_URL is set, but this build of Winnow stores metadata in SQLite only. Unset DATABASE_URL to use the embedded database.",
    );
  }
  const file = metadataDbFile(config.dataDir);
  const cached = globalForDb.__winnowDb;
  if (cached && cached.file === file) return cached.db;
  if (cached) cached.db.$client.close();

  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 10000");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  const db = drizzle(sqlite, { schema }) as TDb;
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  // Secrets stored in plain text by an older build are encrypted the first time the DB is opened.
  encryptPlaintextTokens(db);
  globalForDb.__winnowDb = { file, db };
  return db;
};

/** Closes the process-wide handle (tests and CLI exits). */
export const closeDb = (): void => {
  globalForDb.__winnowDb?.db.$client.close();
  globalForDb.__winnowDb = undefined;
};
