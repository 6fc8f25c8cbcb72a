import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { expect, request, test, type Page } from "@playwright/test";

/**
 * Sign-in mode end to end. The config's webServer (loopback, no sign-in) builds the app; this spec
 * starts a second `next start` from that build with WINNOW_AUTH=required on its own port and data
 * dir, after creating the first admin with the CLI.
 */
const PORT = Number(process.env.E2E_AUTH_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 10);
const BASE = `http://localhost:${PORT}`;
const DATA_DIR = ".e2e-auth-data";
const ADMIN = { email: "admin@example.org", password: "admin-password-e2e" };
const VIEWER = { email: "viewer@example.org", password: "viewer-password-e2e" };
const ENV = {
  ...process.env,
  WINNOW_DATA_DIR: DATA_DIR,
  PORT: String(PORT),
  WINNOW_AUTH: "required",
  WINNOW_AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
  NEXT_TELEMETRY_DISABLED: "1",
};

let server: ChildProcess;

test.use({ baseURL: BASE });
test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  const created = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/cli.ts", "create-admin", "--email", ADMIN.email, "--password-stdin"], { env: ENV, input: `${ADMIN.password}\n`, encoding: "utf8" });
  expect(created.status, created.stderr).toBe(0);
  server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT), "-H", "127.0.0.1"], { env: ENV, stdio: ["ignore", "ignore", "inherit"] });
  for (let i = 0; i < 120; i++) {
    const ok = await fetch(`${BASE}/signin`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the sign-in server did not start");
});

test.afterAll(() => {
  server?.kill("SIGTERM");
});

const signIn = async (page: Page, who: { email: string; password: string }) => {
  await page.goto("/corpora");
  await expect(page).toHaveURL(/\/signin\?next=/);
  await page.getByTestId("signin-email").pressSequentially(who.email);
  await page.getByTestId("signin-password").pressSequentially(who.password);
  await page.getByTestId("signin-submit").click();
  const signedIn = page.getByTestId("signed-in-as");
  const limited = page.getByText("Too many requests");
  await expect(signedIn.or(limited)).toBeVisible();
  if (await limited.isVisible()) {
    // Sign-ins are rate-limited per address (Better Auth: 3 per 10 s); a person waits and tries again.
    await page.waitForTimeout(11_000);
    await page.getByTestId("signin-submit").click();
  }
  await expect(signedIn).toContainText(who.email);
};

/** A same-origin fetch from the page (the browser sends Origin and the session cookie). */
const browserFetch = (page: Page, url: string, method = "GET", body?: unknown) =>
  page.evaluate(
    async ({ url, method, body }) => {
      const res = await fetch(url, { method, headers: body === undefined ? undefined : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, text: await res.text() };
    },
    { url, method, body },
  );

test("an admin signs in, creates a viewer; a wrong password is refused", async ({ page }) => {
  await page.goto("/signin");
  await page.getByTestId("signin-email").pressSequentially(ADMIN.email);
  await page.getByTestId("signin-password").pressSequentially("not-the-password");
  await page.getByTestId("signin-submit").click();
  await expect(page.getByTestId("signin-error")).toBeVisible();

  await signIn(page, ADMIN);
  await page.goto("/settings/users");
  await page.getByTestId("user-email").pressSequentially(VIEWER.email);
  await page.getByTestId("user-password").pressSequentially(VIEWER.password);
  await page.getByTestId("user-role").selectOption("viewer");
  await page.getByTestId("user-create").click();
  await expect(page.getByTestId("user-row").filter({ hasText: VIEWER.email })).toBeVisible();
});

test("a viewer cannot launch a run or see endpoint settings, in the UI or the API", async ({ page }) => {
  await signIn(page, VIEWER);
  await expect(page.getByRole("link", { name: "Settings" })).toHaveCount(0);
  await expect(page.getByTestId("ingest-button")).toHaveCount(0);
  await page.goto("/settings/endpoints");
  await expect(page.getByTestId("denied")).toBeVisible();
  await expect(page.getByTestId("endpoint-add")).toHaveCount(0);

  const launch = await browserFetch(page, "/api/ingest", "POST", { source: { kind: "url", url: "https://example.org/x.jsonl" } });
  expect(launch.status).toBe(403);
  expect(launch.text).toContain("curator");
  const endpoints = await browserFetch(page, "/api/endpoints");
  expect(endpoints.status).toBe(403);
  expect((await browserFetch(page, "/api/corpora")).status).toBe(200);
});

test("an API token works from a script until it is revoked; the audit log shows who did what", async ({ page, browser }) => {
  await signIn(page, VIEWER);
  await page.goto("/settings/tokens");
  await page.getByTestId("token-name").pressSequentially("script");
  await page.getByTestId("token-create").click();
  const token = (await page.getByTestId("token-value").textContent())!.trim();
  expect(token).toMatch(/^wn_/);

  // A script: no cookies, no browser, just the bearer token.
  const script = await request.newContext({ baseURL: BASE });
  const ok = await script.get("/api/corpora", { headers: { authorization: `Bearer ${token}` } });
  expect(ok.status()).toBe(200);
  expect((await script.get("/api/corpora")).status()).toBe(401);
  // Its role is the viewer's.
  expect((await script.post("/api/annotate", { headers: { authorization: `Bearer ${token}` }, data: { corpusId: "x", annotators: ["c4"] } })).status()).toBe(403);

  await page.getByTestId("token-revoke").click();
  await expect(page.getByTestId("token-row").first()).toContainText("revoked");
  expect((await script.get("/api/corpora", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);
  await script.dispose();

  const admin = await browser.newPage({ baseURL: BASE });
  await signIn(admin, ADMIN);
  await admin.goto("/audit");
  const rows = admin.getByTestId("audit-row");
  await expect(rows.filter({ hasText: "token.create" }).filter({ hasText: VIEWER.email })).toHaveCount(1);
  await expect(rows.filter({ hasText: "token.revoke" }).filter({ hasText: VIEWER.email })).toHaveCount(1);
  await expect(rows.filter({ hasText: "user.create" }).filter({ hasText: ADMIN.email })).toHaveCount(1);
  await expect(rows.filter({ hasText: "auth.sign_in" }).filter({ hasText: VIEWER.email }).first()).toBeVisible();
  await admin.close();
});

test("the sign-in server refuses a cross-origin form post and a spoofed Host", async () => {
  const form = await fetch(`${BASE}/api/ingest`, { method: "POST", headers: { origin: "http://evil.example", "content-type": "application/x-www-form-urlencoded" }, body: "a=b" });
  expect(form.status).toBe(403);
  const plain = await fetch(`${BASE}/api/ingest`, { method: "POST", headers: { origin: BASE, "content-type": "text/plain" }, body: "{}" });
  expect(plain.status).toBe(403);
  const spoof = await new Promise<number>((resolve, reject) => {
    // fetch will not send a foreign Host; node:http will.
    import("node:http").then(({ request: req }) => {
      const r = req({ host: "127.0.0.1", port: PORT, path: "/api/corpora", headers: { host: "evil.example" } }, (res) => resolve(res.statusCode ?? 0));
      r.on("error", reject);
      r.end();
    }, reject);
  });
  expect(spoof).toBe(403);
});
