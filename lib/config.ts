import path from "node:path";
import { z } from "zod";

const MiB = 1024 * 1024;

const ZEnvSchema = z.object({
  WINNOW_DATA_DIR: z.string().min(1).default("./data"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Address the web server listens on (loopback by default; anything else requires sign-in). */
  HOST: z.string().min(1).default("127.0.0.1"),
  /** Secret for signing sessions; required when the server listens beyond loopback. */
  WINNOW_AUTH_SECRET: z.string().min(1).optional(),
  /** Origins the studio is served under, comma-separated (default: http://localhost:PORT and http://127.0.0.1:PORT). */
  WINNOW_ORIGINS: z.string().optional(),
  /** Folders (separated by the path delimiter, `:` on Linux) that linked local paths must lie under. */
  WINNOW_DATA_ROOTS: z.string().optional(),
  WINNOW_UPLOAD_MAX_MB: z.coerce.number().positive().default(2048),
  /** An upload part file (`uploads/<id>/.<name>.part`) untouched this long is abandoned and removed. */
  WINNOW_UPLOAD_PART_TIMEOUT_MIN: z.coerce.number().positive().default(10),
  /** Cap on decompressed bytes read from one compressed input (no decompression bombs). */
  WINNOW_MAX_DECOMPRESSED_MB: z.coerce.number().positive().default(64 * 1024),
  WINNOW_WORKERS: z.coerce.number().int().min(0).max(64).default(1),
  WINNOW_SHARD_DOCS: z.coerce.number().int().min(1).default(100_000),
  WINNOW_SHARD_MB: z.coerce.number().positive().default(256),
  WINNOW_DUCKDB_THREADS: z.coerce.number().int().min(1).optional(),
  /** How long a worker's claim on a task lasts without a heartbeat (a crashed worker's task is re-claimed after it). */
  WINNOW_LEASE_MS: z.coerce.number().int().min(500).default(30_000),
  DATABASE_URL: z.string().optional(),
});

export type TConfig = {
  dataDir: string;
  port: number;
  host: string;
  authSecret?: string;
  origins: string[];
  dataRoots: string[];
  uploadMaxBytes: number;
  uploadPartTimeoutMs: number;
  maxDecompressedBytes: number;
  workers: number;
  shardDocs: number;
  shardBytes: number;
  duckdbThreads?: number;
  leaseMs: number;
  databaseUrl?: string;
};

/** Reads and validates the environment. Called on every access so tests can point it elsewhere. */
export const getConfig = (env: NodeJS.ProcessEnv = process.env): TConfig => {
  const parsed = ZEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${issues}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.WINNOW_DATA_DIR);
  const roots = (e.WINNOW_DATA_ROOTS ?? "")
    .split(path.delimiter)
    .map((r) => r.trim())
    .filter(Boolean)
    .map((r) => path.resolve(r));
  return {
    dataDir,
    port: e.PORT,
    host: e.HOST,
    authSecret: e.WINNOW_AUTH_SECRET,
    origins: (e.WINNOW_ORIGINS ?? `http://localhost:${e.PORT},http://127.0.0.1:${e.PORT}`)
      .split(",")
      .map((o) => o.trim())
      .filter(Boolean),
    dataRoots: roots,
    uploadMaxBytes: Math.round(e.WINNOW_UPLOAD_MAX_MB * MiB),
    uploadPartTimeoutMs: Math.round(e.WINNOW_UPLOAD_PART_TIMEOUT_MIN * 60_000),
    maxDecompressedBytes: Math.round(e.WINNOW_MAX_DECOMPRESSED_MB * MiB),
    workers: e.WINNOW_WORKERS,
    shardDocs: e.WINNOW_SHARD_DOCS,
    shardBytes: Math.round(e.WINNOW_SHARD_MB * MiB),
    duckdbThreads: e.WINNOW_DUCKDB_THREADS,
    leaseMs: e.WINNOW_LEASE_MS,
    databaseUrl: e.DATABASE_URL,
  };
};

/** True for loopback addresses: 127.0.0.0/8, ::1 and localhost. */
export const isLoopbackHost = (host: string): boolean => {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
};

/** Sign-in is required when the server listens beyond loopback, or when WINNOW_AUTH=required. */
export const signInRequired = (config: Pick<TConfig, "host">, env: Record<string, string | undefined> = process.env): boolean =>
  !isLoopbackHost(config.host) || env.WINNOW_AUTH === "required";
