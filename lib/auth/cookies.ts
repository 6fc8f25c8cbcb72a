import type { TConfig } from "@/lib/config";

/** Better Auth's cookie prefix for this app: the session cookie is `winnow.session_token`. */
export const COOKIE_PREFIX = "winnow";

/** Cookies are `Secure` (and `__Secure-` prefixed) when the studio is reached over https. */
export const secureCookies = (config: Pick<TConfig, "origins">): boolean => config.origins.some((o) => o.startsWith("https://"));

/** The session cookie's value from a Cookie header or a cookie store (either spelling). */
export const sessionCookieFrom = (get: (name: string) => string | undefined): string | undefined =>
  get(`__Secure-${COOKIE_PREFIX}.session_token`) ?? get(`${COOKIE_PREFIX}.session_token`);

/** One cookie's value from a request's Cookie header. */
export const cookieFromHeader = (header: string | null, name: string): string | undefined => {
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
};
