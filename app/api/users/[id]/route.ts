import { parseJsonBody, route } from "@/lib/api/route";
import { setUserRole, ZSetRole } from "@/lib/auth/users";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Changes a user's role (the last admin cannot be demoted). */
export const PATCH = route<{ id: string }>({ role: "admin", audit: "user.role" }, async (req, { id }) => ({ user: setUserRole(id, (await parseJsonBody(req, ZSetRole)).role) }));
