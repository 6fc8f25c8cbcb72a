import { asc, eq } from "drizzle-orm";
import { endpoints } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import {
  maskToken,
  validateMergedEndpoint,
  ZEndpointCreateSchema,
  ZEndpointUpdateSchema,
  type TEndpointFields,
  type TEndpointView,
} from "@/lib/inference/endpoint-schema";
import { endpointTokenContext } from "@/lib/security/endpoint-tokens";
import { decryptSecret, encryptSecret } from "@/lib/security/secrets";

/**
 * The endpoint store. Server-only: rows carry the secret token, which only `lib/inference` reads
 * to authorise requests. Everything that leaves the server goes through `toEndpointView`.
 */
export type TEndpointRow = typeof endpoints.$inferSelect;

const tokenContext = endpointTokenContext;

/** A row as stored → the same row with its token in plain text (server memory only). */
const withPlainToken = (row: TEndpointRow): TEndpointRow => (row.token ? { ...row, token: decryptSecret(row.token, tokenContext(row.id)) } : row);

/** The masked token of a stored row, or "set" when it cannot be decrypted (wrong key): a listing never fails on it. */
const maskedStoredToken = (row: TEndpointRow): string | null => {
  if (!row.token) return null;
  try {
    return maskToken(decryptSecret(row.token, tokenContext(row.id)));
  } catch {
    return "set";
  }
};

export const toEndpointView = (row: TEndpointRow): TEndpointView => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  baseUrl: row.baseUrl,
  model: row.model,
  provider: row.provider,
  tokenMasked: maskedStoredToken(row),
  concurrency: row.concurrency,
  requestsPerSecond: row.requestsPerSecond,
  timeoutMs: row.timeoutMs,
  maxInputTokens: row.maxInputTokens,
  priceInPerM: row.priceInPerM,
  priceOutPerM: row.priceOutPerM,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const toColumns = (id: string, e: TEndpointFields) => ({
  name: e.name,
  kind: e.kind,
  baseUrl: e.kind === "hf_provider" ? null : (e.baseUrl ?? null),
  model: e.model,
  provider: e.kind === "hf_provider" ? (e.provider ?? "auto") : null,
  token: e.token ? encryptSecret(e.token, tokenContext(id)) : null,
  concurrency: e.concurrency,
  requestsPerSecond: e.requestsPerSecond,
  timeoutMs: e.timeoutMs,
  maxInputTokens: e.maxInputTokens,
  priceInPerM: e.priceInPerM ?? null,
  priceOutPerM: e.priceOutPerM ?? null,
});

export const listEndpoints = (): TEndpointView[] => getDb().select().from(endpoints).orderBy(asc(endpoints.createdAt)).all().map(toEndpointView);

/** The full row, token included: for the inference client only. */
export const getEndpointRowOrThrow = (id: string): TEndpointRow => {
  const row = getDb().select().from(endpoints).where(eq(endpoints.id, id)).get();
  if (!row) throw new AppError("NOT_FOUND", `Endpoint ${id} not found`);
  return withPlainToken(row);
};

export const getEndpointOrThrow = (id: string): TEndpointView => toEndpointView(getEndpointRowOrThrow(id));

export const createEndpoint = (input: unknown): TEndpointView => {
  const e = ZEndpointCreateSchema.parse(input);
  const now = Date.now();
  const id = newId("ep");
  const row = getDb()
    .insert(endpoints)
    .values({ id, ...toColumns(id, e), createdAt: now, updatedAt: now })
    .returning()
    .get();
  return toEndpointView(row);
};

/** The origin a token is bound to: the base URL's origin, or the Hugging Face router for providers. */
const tokenOrigin = (kind: string, baseUrl: string | null | undefined): string => {
  if (kind === "hf_provider" || !baseUrl) return `${kind}:`;
  try {
    return `${kind}:${new URL(baseUrl).origin}`;
  } catch {
    return `${kind}:${baseUrl}`;
  }
};

/**
 * Applies a partial update (absent token: kept; `null` or `""`: cleared) and validates the result
 * as a whole. The token is bound to the endpoint's origin: a change of kind or of the base URL's
 * origin clears the stored token unless the same request gives a new one, so the saved token can
 * never be sent to a server the user who entered it did not choose.
 */
export const updateEndpoint = (id: string, input: unknown): TEndpointView => {
  const patch = ZEndpointUpdateSchema.parse(input);
  const db = getDb();
  return db.transaction((tx) => {
    const stored = tx.select().from(endpoints).where(eq(endpoints.id, id)).get();
    if (!stored) throw new AppError("NOT_FOUND", `Endpoint ${id} not found`);
    const current = withPlainToken(stored);
    const kind = patch.kind ?? current.kind;
    const baseUrl = kind === "hf_provider" ? null : patch.baseUrl === undefined ? current.baseUrl : patch.baseUrl;
    const moved = tokenOrigin(kind, baseUrl) !== tokenOrigin(current.kind, current.baseUrl);
    const merged = validateMergedEndpoint({
      ...current,
      ...patch,
      token: patch.token !== undefined ? patch.token : moved ? null : current.token,
      // Switching to hf_provider drops the URL; switching away drops the provider.
      baseUrl: (patch.kind ?? current.kind) === "hf_provider" ? null : patch.baseUrl === undefined ? current.baseUrl : patch.baseUrl,
      provider: (patch.kind ?? current.kind) === "hf_provider" ? (patch.provider === undefined ? current.provider : patch.provider) : null,
    });
    const row = tx
      .update(endpoints)
      .set({ ...toColumns(id, merged), updatedAt: Math.max(Date.now(), current.updatedAt + 1) })
      .where(eq(endpoints.id, id))
      .returning()
      .get();
    return toEndpointView(row);
  });
};

export const deleteEndpoint = (id: string): { deleted: string } => {
  const res = getDb().delete(endpoints).where(eq(endpoints.id, id)).run();
  if (res.changes === 0) throw new AppError("NOT_FOUND", `Endpoint ${id} not found`);
  return { deleted: id };
};
