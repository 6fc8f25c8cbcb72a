import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** A named collection of documents. Its content lives in immutable corpus versions. */
export const corpora = sqliteTable("corpora", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  /** The version the studio shows by default (the newest ready one). */
  currentVersionId: text("current_version_id"),
  createdAt: integer("created_at").notNull(),
});

/** One immutable set of Parquet shards. A version is visible only once `status` is `ready`. */
export const corpusVersions = sqliteTable(
  "corpus_versions",
  {
    id: text("id").primaryKey(),
    corpusId: text("corpus_id")
      .notNull()
      .references(() => corpora.id),
    version: integer("version").notNull(),
    parentVersionId: text("parent_version_id"),
    createdByRunId: text("created_by_run_id"),
    status: text("status", { enum: ["building", "ready", "failed"] }).notNull(),
    /** Folder of the shards, relative to the data dir. */
    path: text("path").notNull(),
    nDocs: integer("n_docs").notNull().default(0),
    nChars: integer("n_chars").notNull().default(0),
    nBytes: integer("n_bytes").notNull().default(0),
    /** JSON: [{ name, type }] of every column in the shards. */
    columnsJson: text("columns_json").notNull().default("[]"),
    /** JSON: { [source]: docCount }. */
    sourceCountsJson: text("source_counts_json").notNull().default("{}"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("corpus_versions_corpus_version").on(t.corpusId, t.version)],
);

export const shards = sqliteTable(
  "shards",
  {
    id: text("id").primaryKey(),
    corpusVersionId: text("corpus_version_id")
      .notNull()
      .references(() => corpusVersions.id),
    idx: integer("idx").notNull(),
    /** Relative to the data dir. */
    path: text("path").notNull(),
    nDocs: integer("n_docs").notNull(),
    nBytes: integer("n_bytes").notNull(),
  },
  (t) => [uniqueIndex("shards_version_idx").on(t.corpusVersionId, t.idx)],
);

export const RUN_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type TRunStatus = (typeof RUN_STATUSES)[number];

/** Every long operation is a run with a frozen config, counters and a log. */
export const runs = sqliteTable(
  "runs",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    status: text("status", { enum: RUN_STATUSES }).notNull(),
    /** Frozen JSON config, validated by the run type's zod schema. */
    configJson: text("config_json").notNull(),
    corpusId: text("corpus_id"),
    /** The version the run read (annotate, refine, export). */
    inputVersionId: text("input_version_id"),
    /** The version the run wrote (ingest, refine). */
    outputVersionId: text("output_version_id"),
    itemsTotal: integer("items_total").notNull().default(0),
    itemsDone: integer("items_done").notNull().default(0),
    bytesTotal: integer("bytes_total").notNull().default(0),
    bytesDone: integer("bytes_done").notNull().default(0),
    errorCount: integer("error_count").notNull().default(0),
    /** JSON summary written when the run ends (counts by kind, etc.). */
    summaryJson: text("summary_json").notNull().default("{}"),
    error: text("error"),
    cancelRequested: integer("cancel_requested", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull(),
    startedAt: integer("started_at"),
    finishedAt: integer("finished_at"),
  },
  (t) => [index("runs_created").on(t.createdAt), index("runs_status").on(t.status)],
);

export const TASK_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type TTaskStatus = (typeof TASK_STATUSES)[number];

/** A unit of work claimed by one worker under a lease. */
export const tasks = sqliteTable(
  "tasks",
  {
    id: text("id").primaryKey(),
    runId: text("run_id")
      .notNull()
      .references(() => runs.id),
    idx: integer("idx").notNull(),
    kind: text("kind").notNull(),
    status: text("status", { enum: TASK_STATUSES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(3),
    /** JSON array of task ids that must succeed first. */
    dependsOnJson: text("depends_on_json").notNull().default("[]"),
    inputJson: text("input_json").notNull().default("{}"),
    outputJson: text("output_json"),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: integer("lease_expires_at"),
    itemsDone: integer("items_done").notNull().default(0),
    error: text("error"),
    createdAt: integer("created_at").notNull(),
    startedAt: integer("started_at"),
    finishedAt: integer("finished_at"),
  },
  (t) => [index("tasks_run").on(t.runId), index("tasks_claim").on(t.status, t.leaseExpiresAt)],
);

export const runEvents = sqliteTable(
  "run_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    runId: text("run_id")
      .notNull()
      .references(() => runs.id),
    taskId: text("task_id"),
    ts: integer("ts").notNull(),
    level: text("level", { enum: ["info", "warn", "error"] }).notNull(),
    /** Machine-readable kind, e.g. `invalid_json`, `shard_written`. */
    kind: text("kind").notNull(),
    message: text("message").notNull(),
    dataJson: text("data_json"),
  },
  (t) => [index("run_events_run").on(t.runId, t.id)],
);

/**
 * Columns learned about one corpus version, written by one annotation run: Parquet files keyed by
 * document id. `tablesJson` lists the file groups (per-shard signals, global dedup results).
 */
export const attributeSets = sqliteTable(
  "attribute_sets",
  {
    id: text("id").primaryKey(),
    corpusVersionId: text("corpus_version_id")
      .notNull()
      .references(() => corpusVersions.id),
    runId: text("run_id").notNull(),
    name: text("name").notNull(),
    status: text("status", { enum: ["building", "ready", "failed"] }).notNull(),
    /** Folder relative to the data dir. */
    path: text("path").notNull(),
    /** JSON: [{ id, version, config }] of the annotators that wrote it. */
    annotatorsJson: text("annotators_json").notNull(),
    /** JSON: [{ name, type, description, better?, table }]. */
    columnsJson: text("columns_json").notNull().default("[]"),
    /** JSON: { [table]: relative file paths[] }. */
    tablesJson: text("tables_json").notNull().default("{}"),
    nDocs: integer("n_docs").notNull().default(0),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("attribute_sets_version").on(t.corpusVersionId)],
);

/** A named recipe; its content lives in immutable versions. */
export const recipes = sqliteTable("recipes", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  corpusId: text("corpus_id").notNull(),
  latestVersion: integer("latest_version").notNull().default(0),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export const recipeVersions = sqliteTable(
  "recipe_versions",
  {
    id: text("id").primaryKey(),
    recipeId: text("recipe_id")
      .notNull()
      .references(() => recipes.id),
    version: integer("version").notNull(),
    /** The recipe JSON (validated by ZRecipeSchema). */
    recipeJson: text("recipe_json").notNull(),
    /** The corpus version it reads (also `versionId` in the JSON): what depends on a version. */
    corpusVersionId: text("corpus_version_id"),
    note: text("note").notNull().default(""),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("recipe_versions_recipe_version").on(t.recipeId, t.version), index("recipe_versions_corpus_version").on(t.corpusVersionId)],
);

export const ENDPOINT_KINDS = ["openai", "hf_provider", "hf_endpoint", "tgi"] as const;
export type TEndpointKind = (typeof ENDPOINT_KINDS)[number];

/**
 * An inference endpoint the user configured: an OpenAI-compatible server (vLLM, llama.cpp server,
 * Ollama, TGI's Messages API), a TGI server's native /generate, a dedicated Hugging Face Inference
 * Endpoint, or Hugging Face Inference Providers. `token` never leaves the server.
 */
export const endpoints = sqliteTable("endpoints", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  kind: text("kind", { enum: ENDPOINT_KINDS }).notNull(),
  /** Base URL (openai, tgi, hf_endpoint); null for Inference Providers. */
  baseUrl: text("base_url"),
  /** Model id sent with each request (required for openai and hf_provider). */
  model: text("model").notNull().default(""),
  /** Inference Provider name (hf_provider), e.g. `together`; `auto` lets the Hub choose. */
  provider: text("provider"),
  /** Secret: read only by lib/inference on the server; API responses mask it. */
  token: text("token"),
  concurrency: integer("concurrency").notNull().default(8),
  /** Requests per second; 0 = unlimited. */
  requestsPerSecond: real("requests_per_second").notNull().default(0),
  timeoutMs: integer("timeout_ms").notNull().default(60_000),
  maxInputTokens: integer("max_input_tokens").notNull().default(1894),
  /** Price per million input / output tokens, for the cost estimate (null = unknown). */
  priceInPerM: real("price_in_per_m"),
  priceOutPerM: real("price_out_per_m"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Raw model answers keyed by (content hash, model, prompt version): a crashed or re-run rating
 * does not pay twice for a document it already rated.
 */
export const inferenceCache = sqliteTable(
  "inference_cache",
  {
    key: text("key").primaryKey(),
    model: text("model").notNull(),
    promptVersion: text("prompt_version").notNull(),
    contentHash: text("content_hash").notNull(),
    response: text("response").notNull(),
    tokensIn: integer("tokens_in").notNull().default(0),
    tokensOut: integer("tokens_out").notNull().default(0),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("inference_cache_model").on(t.model, t.promptVersion)],
);

export const MODEL_KINDS = ["fasttext", "student", "ngram"] as const;
export type TModelKind = (typeof MODEL_KINDS)[number];

/** A model trained in the studio (fastText classifier, distilled student, n-gram LM) or registered by path. */
export const models = sqliteTable(
  "models",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: MODEL_KINDS }).notNull(),
    name: text("name").notNull(),
    status: text("status", { enum: ["building", "ready", "failed"] }).notNull(),
    /** Model file or folder, relative to the data dir (trained here) or absolute (registered by path). */
    path: text("path").notNull(),
    runId: text("run_id"),
    corpusVersionId: text("corpus_version_id"),
    /** JSON: training config (labels, filters, hyper-parameters). */
    configJson: text("config_json").notNull().default("{}"),
    /** JSON: held-out metrics (AUC, Spearman, MAE, accuracy, macro-F1, split sizes). */
    metricsJson: text("metrics_json").notNull().default("{}"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("models_kind").on(t.kind)],
);

/* ---- Sign-in (Better Auth's tables: user, session, account, verification) ---- */

export const USER_ROLES = ["viewer", "curator", "admin"] as const;
export type TUserRole = (typeof USER_ROLES)[number];

/** A person who can sign in. `role` decides what they may do (lib/auth/roles.ts). */
export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  emailVerified: integer("email_verified", { mode: "boolean" }).notNull().default(false),
  image: text("image"),
  role: text("role", { enum: USER_ROLES }).notNull().default("viewer"),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

/** A signed-in browser: the cookie holds the signed token. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    token: text("token").notNull().unique(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

/** How a user signs in: `credential` (password hash, scrypt) or an OIDC provider's account. */
export const accounts = sqliteTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: integer("access_token_expires_at", { mode: "timestamp_ms" }),
    refreshTokenExpiresAt: integer("refresh_token_expires_at", { mode: "timestamp_ms" }),
    scope: text("scope"),
    password: text("password"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("accounts_user").on(t.userId)],
);

/** Short-lived values (OAuth state). */
export const verifications = sqliteTable(
  "verifications",
  {
    id: text("id").primaryKey(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("verifications_identifier").on(t.identifier)],
);

/** A user's API token for the CLI and scripts (`Authorization: Bearer wn_…`); only its sha256 is stored. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** First characters of the token (`wn_abcd`), to tell tokens apart in the list. */
    prefix: text("prefix").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: integer("created_at").notNull(),
    lastUsedAt: integer("last_used_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("api_tokens_user").on(t.userId)],
);

/** Who did what: runs launched/cancelled/deleted, endpoints changed, users and tokens created, sign-ins. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    userId: text("user_id"),
    userEmail: text("user_email"),
    action: text("action").notNull(),
    target: text("target"),
    /** JSON: status, method and path of the request, or action-specific details. */
    detailsJson: text("details_json").notNull().default("{}"),
  },
  (t) => [index("audit_log_at").on(t.at)],
);
