import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The checks every request passes before it reaches a page or a route (run by `proxy.ts`):
 * - the Host header must name one of the allowed origins (no DNS rebinding);
 * - a state-changing request (POST/PUT/PATCH/DELETE) must come from an allowed origin (its `Origin`
 *   header, or without one `Sec-Fetch-Site: same-origin|none`) and carry `application/json`; an upload
 *   (`multipart/form-data`, or the raw body of `POST /api/uploads`) instead needs the session's CSRF token;
 *   an action without a body sends no content type at all.
 * A request with `Authorization: Bearer` (an API token, checked by the route layer) is not a browser's
 * ambient credential, so it skips the Origin and CSRF-token checks but not the content-type one.
 * Pure: no DB, no environment, so it is tested directly.
 */

export const CSRF_HEADER = "x-winnow-csrf";
export const UPLOAD_PATH = "/api/uploads";

export type TGuardInput = {
  method: string;
  pathname: string;
  headers: Headers;
  origins: string[];
  /** HMAC key for CSRF tokens. */
  csrfKey: string;
  /** The session cookie's value, if any (CSRF tokens are bound to it). */
  sessionCookie?: string;
};

export type TGuardRefusal = { code: "FORBIDDEN"; reason: "host" | "origin" | "content_type" | "csrf"; message: string };

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export const isStateChanging = (method: string): boolean => STATE_CHANGING.has(method.toUpperCase());

/** The `host[:port]` of each allowed origin, as a browser sends it in the Host header. */
const allowedHosts = (origins: string[]): Set<string> => {
  const out = new Set<string>();
  for (const o of origins) {
    const u = new URL(o);
    out.add(u.host.toLowerCase());
    // A browser leaves the default port out; accept it spelled out too.
    if (!u.port) out.add(`${u.hostname.toLowerCase()}:${u.protocol === "https:" ? 443 : 80}`);
  }
  return out;
};

/** CSRF token of a session: HMAC(key, session cookie), or of the loopback user when there is no session. */
export const csrfToken = (csrfKey: string, sessionCookie: string | undefined): string =>
  createHmac("sha256", csrfKey).update(`winnow-csrf:${sessionCookie ?? ""}`).digest("base64url");

const sameToken = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const mediaType = (headers: Headers): string => (headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();

const refuse = (reason: TGuardRefusal["reason"], message: string): TGuardRefusal => ({ code: "FORBIDDEN", reason, message });

/** Returns null when the request may pass, else why it is refused (answered with 403). */
export const checkRequest = (input: TGuardInput): TGuardRefusal | null => {
  const host = (input.headers.get("host") ?? "").toLowerCase();
  if (!host || !allowedHosts(input.origins).has(host)) {
    return refuse("host", "This host name is not one the studio is configured for (set WINNOW_ORIGINS)");
  }
  if (!isStateChanging(input.method)) return null;

  const bearer = /^bearer\s+\S/i.test(input.headers.get("authorization") ?? "");
  if (!bearer) {
    const origin = input.headers.get("origin");
    if (origin !== null) {
      if (!input.origins.includes(origin)) return refuse("origin", "Cross-origin requests are not allowed");
    } else {
      const site = (input.headers.get("sec-fetch-site") ?? "").toLowerCase();
      if (site !== "same-origin" && site !== "none") return refuse("origin", "A state-changing request needs a same-origin Origin header");
    }
  }

  const type = mediaType(input.headers);
  if (type === "application/json") return null;
  // An action without a body (cancel, duplicate) sends no content type; a form always sends one.
  const length = input.headers.get("content-length");
  if (!type && (length === null || length === "0") && !input.headers.has("transfer-encoding")) return null;
  const isUpload = type === "multipart/form-data" || (input.pathname === UPLOAD_PATH && input.method.toUpperCase() === "POST");
  if (!isUpload) return refuse("content_type", "State-changing requests must send application/json");
  if (bearer) return null;
  const token = input.headers.get(CSRF_HEADER) ?? "";
  if (!token || !sameToken(token, csrfToken(input.csrfKey, input.sessionCookie))) {
    return refuse("csrf", "Uploads need the session's CSRF token (header x-winnow-csrf)");
  }
  return null;
};
