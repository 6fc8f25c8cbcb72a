import { route } from "@/lib/api/route";
import { revokeApiToken } from "@/lib/auth/tokens";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Revokes one of the caller's tokens. */
export const DELETE = route<{ id: string }>({ role: "viewer", audit: "token.revoke" }, async (_req, { id }, who) => ({ apiToken: revokeApiToken(who.id, id) }));
