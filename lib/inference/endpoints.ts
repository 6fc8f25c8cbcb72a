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

/**
 * The endpoint store. Server-only: rows carry the secret token, which only `lib/inference` reads
 * to authorise requests. Everything that leaves the server goes through `toEndpointView`.
 */
export type TEndpointRow = typeof endpoints.$inferSelect;

export const toEndpointView = (row: TEndpointRow): TEndpointView => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  baseUrl: row.baseUrl,
  model: row.model,
  provider: row.provider,
  tokenMasked: maskToken(row.token),
  concurrency: row.concurrency,
  requestsPerSecond: row.requestsPerSecond,
  timeoutMs: row.timeoutMs,
  maxInputTokens: row.maxInputTokens,
  priceInPerM: row.priceInPerM,
  priceOutPerM: row.priceOutPerM,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const toColumns = (e: TEndpointFields) => ({
  name: e.name,
  kind: e.kind,
  baseUrl: e.kind === "hf_provider" ? null : (e.baseUrl ?? null),
  model: e.model,
  provider: e.kind === "hf_provider" ? (e.provider ?? "auto") : null,
  token: e.token ? e.token : null,
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
  return row;
};

export const getEndpointOrThrow = (id: string): TEndpointView => toEndpointView(getEndpointRowOrThrow(id));

export const createEndpoint = (input: unknown): TEndpointView => {
  const e = ZEndpointCreateSchema.parse(input);
  const now = Date.now();
  const row = getDb()
    .insert(endpoints)
    .values({ id: newId("ep"), ...toColumns(e), createdAt: now, updatedAt: now })
    .returning()
    .get();
  return toEndpointView(row);
};

/** Applies a partial update (absent token: kept; `null` or `""`: cleared) and validates the result as a whole. */
export const updateEndpoint = (id: string, input: unknown): TEndpointView => {
  const patch = ZEndpointUpdateSchema.parse(input);
  const db = getDb();
  return db.transaction((tx) => {
    const current = tx.select().from(endpoints).where(eq(endpoints.id, id)).get();
    if (!current) throw new AppError("NOT_FOUND", `Endpoint ${id} not found`);
    const merged = validateMergedEndpoint({
      ...current,
      ...patch,
      token: patch.token === undefined ? current.token : patch.token,
      // Switching to hf_provider drops the URL; switching away drops the provider.
      baseUrl: (patch.kind ?? current.kind) === "hf_provider" ? null : patch.baseUrl === undefined ? current.baseUrl : patch.baseUrl,
      provider: (patch.kind ?? current.kind) === "hf_provider" ? (patch.provider === undefined ? current.provider : patch.provider) : null,
    });
    const row = tx
      .update(endpoints)
      .set({ ...toColumns(merged), updatedAt: Math.max(Date.now(), current.updatedAt + 1) })
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
