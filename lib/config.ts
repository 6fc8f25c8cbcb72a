import path from "node:path";
import { z } from "zod";

const MiB = 1024 * 1024;

const ZEnvSchema = z.object({
  WINNOW_DATA_DIR: z.string().min(1).default("./data"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Folders (separated by the path delimiter, `:` on Linux) that linked local paths must lie under. */
  WINNOW_DATA_ROOTS: z.string().optional(),
  WINNOW_UPLOAD_MAX_MB: z.coerce.number().positive().default(2048),
  /** An upload part file (`uploads/<id>/.<name>.part`) untouched this long is abandoned and removed. */
  WINNOW_UPLOAD_PART_TIMEOUT_MIN: z.coerce.number().positive().default(10),
  /** Cap on decompressed bytes read from one compressed input (no decompression bombs). */
  WINNOW_MAX_DECOMPRESSED_MB: z.coerce.number().positive().default(64 * 1024),
  /** Largest JSON line / JSON array element ingested; longer ones are reported as bad rows and skipped. */
  WINNOW_MAX_LINE_MB: z.coerce.number().positive().default(32),
  /** Largest `.txt` file ingested (one document); larger ones are reported and skipped. */
  WINNOW_MAX_TEXT_FILE_MB: z.coerce.number().positive().default(64),
  WINNOW_WORKERS: z.coerce.number().int().min(0).max(64).default(1),
  WINNOW_SHARD_DOCS: z.coerce.number().int().min(1).default(100_000),
  WINNOW_SHARD_MB: z.coerce.number().positive().default(256),
  WINNOW_DUCKDB_THREADS: z.coerce.number().int().min(1).optional(),
  /** How long a worker's claim on a task lasts without a heartbeat (a crashed worker's task is re-claimed after it). */
  WINNOW_LEASE_MS: z.coerce.number().int().min(500).default(30_000),
  DATABASE_URL: z.string().optional(),
  /** Address the web server listens on; anything but loopback requires sign-in. */
  HOST: z.string().min(1).default("127.0.0.1"),
  /** Secret for sessions and CSRF tokens (at least 32 characters); required when sign-in is. */
  WINNOW_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** Comma-separated origins the studio is reached at (scheme://host[:port]). */
  WINNOW_ORIGINS: z.string().optional(),
  /** `required` turns sign-in on even on loopback. */
  WINNOW_AUTH: z.enum(["required", "auto"]).default("auto"),
  /** OpenID Connect provider (any issuer with discovery). */
  WINNOW_OIDC_ISSUER: z.string().url().optional(),
  WINNOW_OIDC_CLIENT_ID: z.string().min(1).optional(),
  WINNOW_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  WINNOW_OIDC_NAME: z.string().min(1).default("OpenID Connect"),
});

export type TConfig = {
  dataDir: string;
  port: number;
  dataRoots: string[];
  uploadMaxBytes: number;
  uploadPartTimeoutMs: number;
  maxDecompressedBytes: number;
  maxLineBytes: number;
  maxTextFileBytes: number;
  workers: number;
  shardDocs: number;
  shardBytes: number;
  duckdbThreads?: number;
  leaseMs: number;
  databaseUrl?: string;
  /** Listen address (HOST). */
  host: string;
  authSecret?: string;
  /** Allowed origins: the Host and Origin headers of every request must match one. */
  origins: string[];
  /** WINNOW_AUTH=required. */
  authRequired: boolean;
  oidc?: { issuer: string; clientId: string; clientSecret?: string; name: string };
};

const normaliseOrigin = (raw: string): string => {
  const u = new URL(raw);
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error(`Invalid environment: WINNOW_ORIGINS: ${raw} is not http(s)`);
  return u.origin;
};

/** True for 127.0.0.0/8, ::1 and localhost. */
export const isLoopbackHost = (host: string): boolean => {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  if (/^::ffff:127\./.test(h)) return true;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return !!m && Number(m[1]) === 127 && m.slice(2).every((x) => Number(x) <= 255);
};

/** Sign-in is required when the server listens on anything but loopback, or WINNOW_AUTH=required. */
export const signInRequired = (config: Pick<TConfig, "host" | "authRequired">): boolean => config.authRequired || !isLoopbackHost(config.host);

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
    dataRoots: roots,
    uploadMaxBytes: Math.round(e.WINNOW_UPLOAD_MAX_MB * MiB),
    uploadPartTimeoutMs: Math.round(e.WINNOW_UPLOAD_PART_TIMEOUT_MIN * 60_000),
    maxDecompressedBytes: Math.round(e.WINNOW_MAX_DECOMPRESSED_MB * MiB),
    maxLineBytes: Math.round(e.WINNOW_MAX_LINE_MB * MiB),
    maxTextFileBytes: Math.round(e.WINNOW_MAX_TEXT_FILE_MB * MiB),
    workers: e.WINNOW_WORKERS,
    shardDocs: e.WINNOW_SHARD_DOCS,
    shardBytes: Math.round(e.WINNOW_SHARD_MB * MiB),
    duckdbThreads: e.WINNOW_DUCKDB_THREADS,
    leaseMs: e.WINNOW_LEASE_MS,
    databaseUrl: e.DATABASE_URL,
    host: e.HOST,
    authSecret: e.WINNOW_AUTH_SECRET,
    origins: e.WINNOW_ORIGINS
      ? [...new Set(e.WINNOW_ORIGINS.split(",").map((o) => o.trim()).filter(Boolean).map(normaliseOrigin))]
      : [`http://localhost:${e.PORT}`, `http://127.0.0.1:${e.PORT}`],
    authRequired: e.WINNOW_AUTH === "required",
    oidc:
      e.WINNOW_OIDC_ISSUER && e.WINNOW_OIDC_CLIENT_ID
        ? { issuer: e.WINNOW_OIDC_ISSUER.replace(/\/+$/, ""), clientId: e.WINNOW_OIDC_CLIENT_ID, clientSecret: e.WINNOW_OIDC_CLIENT_SECRET, name: e.WINNOW_OIDC_NAME }
        : undefined,
  };
};

