import { NextResponse, type NextRequest } from "next/server";
import { checkRequest } from "@/lib/auth/request-guard";
import { csrfKey } from "@/lib/auth/csrf";
import { sessionCookieFrom } from "@/lib/auth/cookies";
import { getConfig } from "@/lib/config";

/**
 * Runs before every page and route (Next 16's proxy, Node runtime): Host check against the allowed
 * origins, then same-origin + JSON (or the session's CSRF token for uploads) for state-changing
 * requests. Refusals are 403 JSON. Authentication and roles are checked again by each route
 * (`lib/api/route.ts`) and page, so nothing relies on this file alone.
 */
export function proxy(req: NextRequest): NextResponse {
  const config = getConfig();
  const refusal = checkRequest({
    method: req.method,
    pathname: req.nextUrl.pathname,
    headers: req.headers,
    origins: config.origins,
    csrfKey: csrfKey(config),
    sessionCookie: sessionCookieFrom((n) => req.cookies.get(n)?.value),
  });
  if (refusal) return NextResponse.json({ error: { code: refusal.code, message: refusal.message, details: { reason: refusal.reason } } }, { status: 403 });
  // Pages learn their own path (the root layout sends signed-out users to /signin with it).
  const headers = new Headers(req.headers);
  headers.set("x-winnow-pathname", req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
