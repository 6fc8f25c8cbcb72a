import { parseJsonBody, route } from "@/lib/api/route";
import { createApiToken, listApiTokens, ZCreateToken } from "@/lib/auth/tokens";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The caller's own API tokens (never the tokens themselves). */
export const GET = route(async (_req, _p, who) => ({ apiTokens: listApiTokens(who.id) }));

/** Creates a token; the answer is the only time it is shown. */
export const POST = route({ role: "viewer", audit: "token.create" }, async (req, _p, who) => createApiToken(who.id, await parseJsonBody(req, ZCreateToken)));
