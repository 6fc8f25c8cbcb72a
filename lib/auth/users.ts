import { asc, eq } from "drizzle-orm";
import { hashPassword } from "better-auth/crypto";
import { z } from "zod";
import { accounts, USER_ROLES, users } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import type { TUserRole } from "@/lib/auth/roles";

/** The single user of loopback mode (sign-in off): an admin without a password, who cannot sign in. */
export const LOCAL_USER_ID = "local";
const LOCAL_EMAIL = "local@localhost";

export type TUserView = { id: string; email: string; name: string; role: TUserRole; createdAt: number; signIn: string[] };

export const ZCreateUser = z.object({
  email: z.string().trim().toLowerCase().email().max(200),
  name: z.string().trim().min(1).max(200).optional(),
  /** Omitted for a user who signs in with OIDC only. */
  password: z.string().min(12, "Passwords need at least 12 characters").max(200).optional(),
  role: z.enum(USER_ROLES).default("viewer"),
});

export const ZSetRole = z.object({ role: z.enum(USER_ROLES) });

/** Makes sure the loopback user exists (API tokens and audit entries point at it). */
const ensured = new WeakSet<object>();

export const ensureLocalUser = (): void => {
  const db = getDb();
  if (ensured.has(db)) return;
  const now = new Date();
  db
    .insert(users)
    .values({ id: LOCAL_USER_ID, email: LOCAL_EMAIL, name: "Local user", role: "admin", emailVerified: true, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .run();
  ensured.add(db);
};

/** Creates a user with a password (scrypt, by Better Auth) stored as their `credential` account. */
export const createUser = async (input: z.input<typeof ZCreateUser>): Promise<TUserView> => {
  const u = ZCreateUser.parse(input);
  const db = getDb();
  if (db.select({ id: users.id }).from(users).where(eq(users.email, u.email)).get()) throw new AppError("CONFLICT", `A user with e-mail ${u.email} exists`);
  const hash = u.password ? await hashPassword(u.password) : null;
  const now = new Date();
  const id = newId("usr");
  db.transaction((tx) => {
    tx.insert(users).values({ id, email: u.email, name: u.name ?? u.email.split("@")[0], role: u.role, emailVerified: true, createdAt: now, updatedAt: now }).run();
    if (hash) tx.insert(accounts).values({ id: newId("acc"), accountId: id, providerId: "credential", userId: id, password: hash, createdAt: now, updatedAt: now }).run();
  });
  return getUserView(id);
};

export const getUserView = (id: string): TUserView => {
  const db = getDb();
  const u = db.select().from(users).where(eq(users.id, id)).get();
  if (!u) throw new AppError("NOT_FOUND", "No such user");
  const providers = db.select({ p: accounts.providerId }).from(accounts).where(eq(accounts.userId, id)).all().map((r) => (r.p === "credential" ? "password" : r.p));
  return { id: u.id, email: u.email, name: u.name, role: u.role, createdAt: u.createdAt.getTime(), signIn: providers };
};

/** Every user but the loopback one. */
export const listUsers = (): TUserView[] =>
  getDb()
    .select({ id: users.id })
    .from(users)
    .orderBy(asc(users.createdAt))
    .all()
    .filter((r) => r.id !== LOCAL_USER_ID)
    .map((r) => getUserView(r.id));

export const setUserRole = (id: string, role: TUserRole): TUserView => {
  if (id === LOCAL_USER_ID) throw new AppError("NOT_FOUND", "No such user");
  const db = getDb();
  getUserView(id);
  if (role !== "admin") {
    const admins = db.select({ id: users.id }).from(users).where(eq(users.role, "admin")).all().filter((r) => r.id !== LOCAL_USER_ID);
    if (admins.length === 1 && admins[0].id === id) throw new AppError("CONFLICT", "The last admin cannot be demoted");
  }
  db.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, id)).run();
  return getUserView(id);
};

/** True when some user other than the loopback one is an admin. */
export const hasAdmin = (): boolean => getDb().select({ id: users.id }).from(users).where(eq(users.role, "admin")).all().some((r) => r.id !== LOCAL_USER_ID);

/**
 * First start: creates the admin from WINNOW_ADMIN_EMAIL + WINNOW_ADMIN_PASSWORD when no admin exists
 * yet (scripts/start.ts calls it). Returns what it did; an existing admin is left alone.
 */
export const ensureAdminFromEnv = async (env: NodeJS.ProcessEnv = process.env): Promise<"created" | "exists" | "not_configured"> => {
  if (hasAdmin()) return "exists";
  const email = env.WINNOW_ADMIN_EMAIL;
  const password = env.WINNOW_ADMIN_PASSWORD;
  if (!email || !password) return "not_configured";
  await createUser({ email, password, role: "admin" });
  return "created";
};
