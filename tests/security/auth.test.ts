import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "better-auth/crypto";
import { eq } from "drizzle-orm";
import { POST as annotatePost } from "@/app/api/annotate/route";
import { GET as auditGet } from "@/app/api/audit/route";
import { POST as authPost } from "@/app/api/auth/[...all]/route";
import { GET as corporaGet } from "@/app/api/corpora/route";
import { GET as endpointsGet, POST as endpointsPost } from "@/app/api/endpoints/route";
import { POST as cancelPost } from "@/app/api/runs/[id]/cancel/route";
import { GET as sessionGet } from "@/app/api/session/route";
import { DELETE as tokenDelete } from "@/app/api/tokens/[id]/route";
import { GET as tokensGet, POST as tokensPost } from "@/app/api/tokens/route";
import { POST as usersPost } from "@/app/api/users/route";
import { accounts, apiTokens, users } from "@/db/schema";
import { route } from "@/lib/api/route";
import { createUser, ensureAdminFromEnv } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

const ORIGIN = "http://localhost:3000";
const SAVED = { ...process.env };
const ctx = <P extends Record<string, string>>(p: P = {} as P) => ({ params: Promise.resolve(p) });
const req = (path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) =>
  new Request(ORIGIN + path, {
    method: init.method ?? "GET",
    headers: { origin: ORIGIN, ...(init.body !== undefined ? { "content-type": "application/json" } : {}), ...init.headers },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });

/** Signs in through Better Auth's handler; returns the Cookie header value and the raw Set-Cookie lines. */
const signIn = async (email: string, password: string) => {
  const res = await authPost(req("/api/auth/sign-in/email", { method: "POST", body: { email, password } }));
  const setCookies = res.headers.getSetCookie();
  const cookie = setCookies.map((c) => c.split(";")[0]).join("; ");
  return { status: res.status, cookie, setCookies };
};

beforeAll(async () => {
  useTempDataDir("auth");
  process.env.WINNOW_AUTH = "required";
  process.env.WINNOW_AUTH_SECRET = "s".repeat(48);
  process.env.PORT = "3000";
  delete process.env.WINNOW_ORIGINS;
  process.env.WINNOW_ADMIN_EMAIL = "admin@example.org";
  process.env.WINNOW_ADMIN_PASSWORD = "admin-password-123";
  expect(await ensureAdminFromEnv()).toBe("created");
  expect(await ensureAdminFromEnv()).toBe("exists");
  await createUser({ email: "viewer@example.org", password: "viewer-password-123", role: "viewer" });
  await createUser({ email: "curator@example.org", password: "curator-password-123", role: "curator" });
});
afterAll(() => {
  process.env = SAVED;
});

describe("sign-in, roles and API tokens (WINNOW_AUTH=required)", () => {
  it("stores passwords hashed (scrypt), never in plain text", async () => {
    const db = getDb();
    const u = db.select().from(users).where(eq(users.email, "viewer@example.org")).get()!;
    const acc = db.select().from(accounts).where(eq(accounts.userId, u.id)).get()!;
    expect(acc.providerId).toBe("credential");
    expect(acc.password).not.toContain("viewer-password-123");
    expect(await verifyPassword({ hash: acc.password!, password: "viewer-password-123" })).toBe(true);
    expect(await verifyPassword({ hash: acc.password!, password: "wrong-password-123" })).toBe(false);
  });

  it("refuses every route without a session (401) and a wrong password", async () => {
    expect((await corporaGet(req("/api/corpora"), ctx())).status).toBe(401);
    expect((await signIn("viewer@example.org", "not-the-password")).status).toBe(401);
  });

  it("sets an HttpOnly, SameSite=Lax session cookie", async () => {
    const s = await signIn("viewer@example.org", "viewer-password-123");
    expect(s.status).toBe(200);
    const session = s.setCookies.find((c) => c.startsWith("winnow.session_token="))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).not.toMatch(/Secure/i);
  });

  it("a viewer reads corpora but gets 403 on launching a run, cancelling one, reading or creating endpoints", async () => {
    const { cookie } = await signIn("viewer@example.org", "viewer-password-123");
    const h = { cookie };
    expect((await corporaGet(req("/api/corpora", { headers: h }), ctx())).status).toBe(200);
    const launch = await annotatePost(req("/api/annotate", { method: "POST", headers: h, body: { corpusId: "c1", annotators: ["gopher_quality"] } }), ctx());
    expect(launch.status).toBe(403);
    expect(((await launch.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
    expect((await cancelPost(req("/api/runs/r1/cancel", { method: "POST", headers: h }), ctx({ id: "r1" }))).status).toBe(403);
    expect((await endpointsGet(req("/api/endpoints", { headers: h }), ctx())).status).toBe(403);
    expect((await endpointsPost(req("/api/endpoints", { method: "POST", headers: h, body: { name: "x", kind: "openai", baseUrl: "http://gpu:8000", model: "m" } }), ctx())).status).toBe(403);
    expect((await usersPost(req("/api/users", { method: "POST", headers: h, body: { email: "x@example.org", role: "admin" } }), ctx())).status).toBe(403);
    const me = (await (await sessionGet(req("/api/session", { headers: h }), ctx())).json()) as { user: { role: string }; csrfToken: string };
    expect(me.user.role).toBe("viewer");
    expect(me.csrfToken.length).toBeGreaterThan(20);
  });

  it("a curator passes the role check for launching (and gets the domain's answer), but not for endpoints", async () => {
    const { cookie } = await signIn("curator@example.org", "curator-password-123");
    const launch = await annotatePost(req("/api/annotate", { method: "POST", headers: { cookie }, body: { corpusId: "nope", annotators: ["gopher_quality"] } }), ctx());
    expect(launch.status).not.toBe(403);
    expect(launch.status).not.toBe(401);
    expect((await endpointsGet(req("/api/endpoints", { headers: { cookie } }), ctx())).status).toBe(200);
    expect((await endpointsPost(req("/api/endpoints", { method: "POST", headers: { cookie }, body: { name: "x", kind: "openai", baseUrl: "http://gpu:8000", model: "m" } }), ctx())).status).toBe(403);
  });

  it("an API token works as its user, is stored hashed, and stops working once revoked", async () => {
    const { cookie } = await signIn("viewer@example.org", "viewer-password-123");
    const created = await tokensPost(req("/api/tokens", { method: "POST", headers: { cookie }, body: { name: "cli" } }), ctx());
    expect(created.status).toBe(200);
    const { token, apiToken } = (await created.json()) as { token: string; apiToken: { id: string; prefix: string } };
    expect(token).toMatch(/^wn_[A-Za-z0-9_-]{40,}$/);
    const row = getDb().select().from(apiTokens).where(eq(apiTokens.id, apiToken.id)).get()!;
    expect(row.tokenHash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token.slice(8));
    const listed = JSON.stringify(await (await tokensGet(req("/api/tokens", { headers: { cookie } }), ctx())).json());
    expect(listed).toContain(apiToken.id);
    expect(listed).not.toContain(token.slice(8));

    const bearer = { authorization: `Bearer ${token}` };
    expect((await corporaGet(req("/api/corpora", { headers: bearer }), ctx())).status).toBe(200);
    // The token carries its user's role, not more.
    expect((await endpointsGet(req("/api/endpoints", { headers: bearer }), ctx())).status).toBe(403);
    expect((await corporaGet(req("/api/corpora", { headers: { authorization: "Bearer wn_forged" } }), ctx())).status).toBe(401);

    expect((await tokenDelete(req(`/api/tokens/${apiToken.id}`, { method: "DELETE", headers: { cookie } }), ctx({ id: apiToken.id }))).status).toBe(200);
    expect((await corporaGet(req("/api/corpora", { headers: bearer }), ctx())).status).toBe(401);
  });

  it("refuses a change through a route that declares no role (default deny), and serves its reads to viewers", async () => {
    const { cookie } = await signIn("admin@example.org", "admin-password-123");
    const undeclared = route(async () => ({ ok: true }));
    expect((await undeclared(req("/api/x", { method: "POST", headers: { cookie }, body: {} }), ctx())).status).toBe(403);
    expect((await undeclared(req("/api/x", { headers: { cookie } }), ctx())).status).toBe(200);
  });

  it("records sign-ins, token and user changes in the audit log, readable by admins only", async () => {
    const admin = await signIn("admin@example.org", "admin-password-123");
    const created = await usersPost(req("/api/users", { method: "POST", headers: { cookie: admin.cookie }, body: { email: "new@example.org", role: "curator", password: "new-password-1234" } }), ctx());
    expect(created.status).toBe(200);
    const res = await auditGet(req("/api/audit?limit=100", { headers: { cookie: admin.cookie } }), ctx());
    expect(res.status).toBe(200);
    const { entries } = (await res.json()) as { entries: { action: string; userEmail: string | null; target: string | null }[] };
    const actions = entries.map((e) => `${e.action} ${e.userEmail}`);
    expect(actions).toContain("auth.sign_in viewer@example.org");
    expect(actions).toContain("token.create viewer@example.org");
    expect(actions).toContain("token.revoke viewer@example.org");
    expect(actions).toContain("user.create admin@example.org");
    const viewer = await signIn("viewer@example.org", "viewer-password-123");
    expect((await auditGet(req("/api/audit", { headers: { cookie: viewer.cookie } }), ctx())).status).toBe(403);
  });

  it("marks cookies Secure when the public origin is https", async () => {
    process.env.WINNOW_ORIGINS = "https://winnow.example.org";
    try {
      const res = await authPost(
        new Request("https://winnow.example.org/api/auth/sign-in/email", {
          method: "POST",
          headers: { origin: "https://winnow.example.org", "content-type": "application/json" },
          body: JSON.stringify({ email: "viewer@example.org", password: "viewer-password-123" }),
        }),
      );
      expect(res.status).toBe(200);
      const session = res.headers.getSetCookie().find((c) => c.includes("winnow.session_token="))!;
      expect(session).toMatch(/^__Secure-winnow\.session_token=/);
      expect(session).toMatch(/; Secure/i);
      expect(session).toMatch(/HttpOnly/i);
    } finally {
      delete process.env.WINNOW_ORIGINS;
    }
  });
});

describe("loopback mode (sign-in off)", () => {
  it("acts as the local admin without a session; a bad API token is still refused", async () => {
    process.env.WINNOW_AUTH = "auto";
    try {
      expect((await endpointsGet(req("/api/endpoints"), ctx())).status).toBe(200);
      expect((await corporaGet(req("/api/corpora", { headers: { authorization: "Bearer wn_nope" } }), ctx())).status).toBe(401);
    } finally {
      process.env.WINNOW_AUTH = "required";
    }
  });
});
