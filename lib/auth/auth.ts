import { randomBytes } from "node:crypto";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import { accounts, sessions, users, verifications } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import { getConfig, signInRequired, type TConfig } from "@/lib/config";
import { writeAudit } from "@/lib/auth/audit";
import { COOKIE_PREFIX, secureCookies } from "@/lib/auth/cookies";

/**
 * Better Auth, configured for Winnow: e-mail + password (no self sign-up: admins create users) and,
 * when WINNOW_OIDC_ISSUER is set, one OpenID Connect provider found by discovery. Sessions live in the
 * metadata DB (Drizzle adapter); cookies are HttpOnly, SameSite=Lax, Secure when an origin is https.
 */
export const OIDC_PROVIDER_ID = "oidc";

const build = (config: TConfig) => {
  const secret = config.authSecret ?? (signInRequired(config) ? undefined : randomBytes(32).toString("base64url"));
  if (!secret) throw new Error("Sign-in is required (HOST is not loopback, or WINNOW_AUTH=required) but WINNOW_AUTH_SECRET is not set");
  return betterAuth({
    appName: "Winnow",
    secret,
    baseURL: config.origins[0],
    basePath: "/api/auth",
    trustedOrigins: config.origins,
    database: drizzleAdapter(getDb(), { provider: "sqlite", schema: { user: users, session: sessions, account: accounts, verification: verifications } }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12 },
    user: { additionalFields: { role: { type: "string", input: false, defaultValue: "viewer", required: false } } },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    advanced: {
      cookiePrefix: COOKIE_PREFIX,
      useSecureCookies: secureCookies(config),
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
    },
    telemetry: { enabled: false },
    databaseHooks: {
      session: {
        create: {
          after: async (session) => {
            const u = getDb().$client.prepare("SELECT email FROM users WHERE id = ?").get(session.userId) as { email: string } | undefined;
            writeAudit({ id: session.userId, email: u?.email ?? "" }, "auth.sign_in", session.userId, { ip: session.ipAddress ?? null });
          },
        },
      },
    },
    plugins: config.oidc
      ? [
          genericOAuth({
            config: [
              {
                providerId: OIDC_PROVIDER_ID,
                discoveryUrl: `${config.oidc.issuer}/.well-known/openid-configuration`,
                clientId: config.oidc.clientId,
                clientSecret: config.oidc.clientSecret,
                scopes: ["openid", "email", "profile"],
                pkce: true,
                // New OIDC users start as viewers (the role's default); an admin raises their role. An
                // existing user is linked only when the provider says the e-mail is verified.
              },
            ],
          }),
        ]
      : [],
  });
};

export type TAuth = ReturnType<typeof build>;

const g = globalThis as unknown as { __winnowAuth?: { key: string; auth: TAuth } };

/** The process-wide Better Auth instance (rebuilt when the configuration or data dir changes: tests). */
export const getAuth = (config: TConfig = getConfig()): TAuth => {
  const key = JSON.stringify([config.dataDir, config.authSecret, config.origins, config.oidc, config.host, config.authRequired]);
  if (g.__winnowAuth?.key !== key) g.__winnowAuth = { key, auth: build(config) };
  return g.__winnowAuth.auth;
};
