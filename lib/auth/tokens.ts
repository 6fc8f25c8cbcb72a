import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { apiTokens, users } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { LOCAL_USER_ID } from "@/lib/auth/users";
import type { TPrincipal } from "@/lib/auth/roles";

/**
 * API tokens for the CLI and scripts: `wn_` + 32 random bytes (base64url). Only the sha256 is stored;
 * the token is shown once, when it is created. Revoked tokens stay listed (and never work again).
 */
export const TOKEN_PREFIX = "wn_";

export type TApiTokenView = { id: string; name: string; prefix: string; createdAt: number; lastUsedAt: number | null; revokedAt: number | null };

const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");

export const ZCreateToken = z.object({ name: z.string().trim().min(1).max(100) });

const toView = (r: typeof apiTokens.$inferSelect): TApiTokenView => ({ id: r.id, name: r.name, prefix: r.prefix, createdAt: r.createdAt, lastUsedAt: r.lastUsedAt, revokedAt: r.revokedAt });

export const createApiToken = (userId: string, input: z.infer<typeof ZCreateToken>): { token: string; apiToken: TApiTokenView } => {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const row = { id: newId("tok"), userId, name: input.name, prefix: token.slice(0, 8), tokenHash: hashToken(token), createdAt: Date.now(), lastUsedAt: null, revokedAt: null };
  getDb().insert(apiTokens).values(row).run();
  return { token, apiToken: toView(row) };
};

export const listApiTokens = (userId: string): TApiTokenView[] =>
  getDb().select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt)).all().map(toView);

/** Revokes one of the user's own tokens (unknown or someone else's: 404). */
export const revokeApiToken = (userId: string, tokenId: string): TApiTokenView => {
  const db = getDb();
  const row = db.select().from(apiTokens).where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId))).get();
  if (!row) throw new AppError("NOT_FOUND", "No such API token");
  if (row.revokedAt === null) db.update(apiTokens).set({ revokedAt: Date.now() }).where(eq(apiTokens.id, tokenId)).run();
  return toView(db.select().from(apiTokens).where(eq(apiTokens.id, tokenId)).get()!);
};

/**
 * The user a bearer token belongs to, or null (unknown, revoked, malformed). Tokens of the loopback
 * mode's local user work only while sign-in is off.
 */
export const principalForToken = (token: string, signInOn: boolean): TPrincipal | null => {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const db = getDb();
  const row = db
    .select({ tokenId: apiTokens.id, id: users.id, email: users.email, name: users.name, role: users.role })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)))
    .get();
  if (!row) return null;
  if (signInOn && row.id === LOCAL_USER_ID) return null;
  db.update(apiTokens).set({ lastUsedAt: Date.now() }).where(eq(apiTokens.id, row.tokenId)).run();
  return { id: row.id, email: row.email, name: row.name, role: row.role, via: "token" };
};
