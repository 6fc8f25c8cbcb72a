import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import { getConfig, signInRequired } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { getAuth } from "@/lib/auth/auth";
import { hasRole, type TPrincipal, type TUserRole } from "@/lib/auth/roles";
import { principalForToken } from "@/lib/auth/tokens";
import { ensureLocalUser, LOCAL_USER_ID } from "@/lib/auth/users";

/**
 * Who is asking: an API token (`Authorization: Bearer wn_…`) if one is sent — a bad one is refused
 * even in loopback mode — else the loopback user when sign-in is off, else the session cookie's user.
 * Null when nobody is signed in.
 */
export const principalFrom = async (headers: Headers): Promise<TPrincipal | null> => {
  const config = getConfig();
  const on = signInRequired(config);
  const authz = headers.get("authorization");
  if (authz) {
    const m = /^bearer\s+(\S+)\s*$/i.exec(authz);
    const p = m ? principalForToken(m[1], on) : null;
    if (!p) throw new AppError("UNAUTHORIZED", "Invalid or revoked API token");
    return p;
  }
  if (!on) {
    ensureLocalUser();
    return { id: LOCAL_USER_ID, email: "local@localhost", name: "Local user", role: "admin", via: "local" };
  }
  const session = await getAuth(config).api.getSession({ headers });
  if (!session) return null;
  // The role is read from the DB, not from a cached session.
  const u = getDb().select({ role: users.role }).from(users).where(eq(users.id, session.user.id)).get();
  if (!u) return null;
  return { id: session.user.id, email: session.user.email, name: session.user.name, role: u.role, via: "session" };
};

/** The principal, or 401 (nobody) / 403 (role too low). */
export const requireRole = async (headers: Headers, role: TUserRole): Promise<TPrincipal> => {
  const p = await principalFrom(headers);
  if (!p) throw new AppError("UNAUTHORIZED", "Sign in first");
  if (!hasRole(p.role, role)) throw new AppError("FORBIDDEN", `This needs the ${role} role (you are ${p.role})`);
  return p;
};
