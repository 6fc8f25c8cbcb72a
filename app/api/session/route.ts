import { route } from "@/lib/api/route";
import { cookieFromHeader, sessionCookieFrom } from "@/lib/auth/cookies";
import { csrfKey } from "@/lib/auth/csrf";
import { csrfToken } from "@/lib/auth/request-guard";
import { getConfig, signInRequired } from "@/lib/config";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Who is signed in, and the CSRF token uploads must send (header x-winnow-csrf). */
export const GET = route(async (req, _params, who) => {
  const config = getConfig();
  const session = sessionCookieFrom((n) => cookieFromHeader(req.headers.get("cookie"), n));
  return {
    user: { id: who.id, email: who.email, name: who.name, role: who.role },
    signInRequired: signInRequired(config),
    csrfToken: csrfToken(csrfKey(config), session),
  };
});
