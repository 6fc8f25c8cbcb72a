import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Provider from "oidc-provider";
import { eq } from "drizzle-orm";
import { GET as authGet, POST as authPost } from "@/app/api/auth/[...all]/route";
import { GET as sessionGet } from "@/app/api/session/route";
import { accounts, users } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

/**
 * OIDC sign-in against a local OpenID provider (the `oidc-provider` package on 127.0.0.1, with its
 * development login/consent pages): discovery, authorization code + PKCE, token exchange, user info.
 */
const ORIGIN = "http://localhost:3000";
const SAVED = { ...process.env };
let server: http.Server;
let issuer = "";

/** A minimal cookie jar per site (names only; paths ignored). */
class Jar {
  private cookies = new Map<string, string>();
  take(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      const v = pair.slice(i + 1);
      if (v === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(pair.slice(0, i));
      else this.cookies.set(pair.slice(0, i), v);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  has(name: string) {
    return this.cookies.has(name);
  }
}

beforeAll(async () => {
  useTempDataDir("oidc");
  server = http.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: "winnow",
        client_secret: "winnow-client-secret-for-tests",
        redirect_uris: [`${ORIGIN}/api/auth/oauth2/callback/oidc`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, email: `${sub}@idp.example`, email_verified: true, name: `User ${sub}` }),
    }),
    features: { devInteractions: { enabled: true } },
  });
  server.on("request", provider.callback());
  Object.assign(process.env, {
    WINNOW_AUTH: "required",
    WINNOW_AUTH_SECRET: "o".repeat(48),
    PORT: "3000",
    WINNOW_OIDC_ISSUER: issuer,
    WINNOW_OIDC_CLIENT_ID: "winnow",
    WINNOW_OIDC_CLIENT_SECRET: "winnow-client-secret-for-tests",
  });
  delete process.env.WINNOW_ORIGINS;
});

afterAll(async () => {
  process.env = SAVED;
  await new Promise((r) => server.close(r));
});

describe("OIDC sign-in (local provider)", () => {
  it("signs a new user in as a viewer through discovery, login and consent", async () => {
    const app = new Jar();
    const start = await authPost(
      new Request(`${ORIGIN}/api/auth/sign-in/oauth2`, {
        method: "POST",
        headers: { origin: ORIGIN, "content-type": "application/json" },
        body: JSON.stringify({ providerId: "oidc", callbackURL: "/corpora" }),
      }),
    );
    expect(start.status).toBe(200);
    app.take(start);
    const { url } = (await start.json()) as { url: string };
    expect(url.startsWith(`${issuer}/auth?`)).toBe(true);
    expect(new URL(url).searchParams.get("code_challenge_method")).toBe("S256");

    // Walk the provider's pages as a browser would: redirects, the login form, the consent form.
    const idp = new Jar();
    let next = url;
    let callback: string | null = null;
    for (let step = 0; step < 12 && !callback; step++) {
      const res = await fetch(next, { redirect: "manual", headers: { cookie: idp.header() } });
      idp.take(res);
      if (res.status >= 300 && res.status < 400) {
        const loc = new URL(res.headers.get("location")!, next).toString();
        if (loc.startsWith(`${ORIGIN}/api/auth/oauth2/callback/oidc`)) callback = loc;
        else next = loc;
        continue;
      }
      const html = await res.text();
      const action = /action="([^"]+)"/.exec(html)?.[1];
      const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
      expect(action, html.slice(0, 500)).toBeTruthy();
      const form = new URLSearchParams({ prompt: prompt!, ...(prompt === "login" ? { login: "alice", password: "any" } : {}) });
      const posted = await fetch(new URL(action!, next), { method: "POST", redirect: "manual", headers: { cookie: idp.header(), "content-type": "application/x-www-form-urlencoded" }, body: form });
      idp.take(posted);
      next = new URL(posted.headers.get("location")!, next).toString();
    }
    expect(callback).toBeTruthy();
    expect(new URL(callback!).searchParams.get("code")).toBeTruthy();

    const done = await authGet(new Request(callback!, { headers: { cookie: app.header() } }));
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/corpora");
    app.take(done);
    expect(app.has("winnow.session_token")).toBe(true);

    const me = await sessionGet(new Request(`${ORIGIN}/api/session`, { headers: { cookie: app.header() } }), { params: Promise.resolve({}) });
    expect(me.status).toBe(200);
    const body = (await me.json()) as { user: { email: string; role: string } };
    expect(body.user).toMatchObject({ email: "alice@idp.example", role: "viewer" });
    const u = getDb().select().from(users).where(eq(users.email, "alice@idp.example")).get()!;
    const acc = getDb().select().from(accounts).where(eq(accounts.userId, u.id)).get()!;
    expect(acc.providerId).toBe("oidc");
    expect(acc.accountId).toBe("alice");
    expect(acc.password).toBeNull();
  });
});
