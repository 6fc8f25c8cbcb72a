import { USER_ROLES, type TUserRole } from "@/db/schema";

export { USER_ROLES, type TUserRole };

/**
 * Roles are ordered: each includes the ones before it.
 * - viewer: read everything but endpoint settings (corpora, documents, runs, recipes, exports, models).
 * - curator: + launch and cancel runs (ingest, uploads, annotate, refine, train, import scores, export), save recipes.
 * - admin: + endpoints, users, model files by path, settings.
 */
const RANK: Record<TUserRole, number> = { viewer: 0, curator: 1, admin: 2 };

export const hasRole = (role: TUserRole, needed: TUserRole): boolean => RANK[role] >= RANK[needed];

/** The person behind a request. `local` is the single user of loopback mode (no sign-in). */
export type TPrincipal = { id: string; email: string; name: string; role: TUserRole; via: "session" | "token" | "local" };
