import { describe, expect, it } from "vitest";
import { checkRequest, csrfToken, CSRF_HEADER } from "@/lib/auth/request-guard";
import { getConfig, isLoopbackHost, signInRequired } from "@/lib/config";

const env = (vars: Record<string, string>) => getConfig(vars as unknown as NodeJS.ProcessEnv);
const ORIGINS = ["http://localhost:3000", "http://127.0.0.1:3000"];
const KEY = "k".repeat(40);

const check = (method: string, pathname: string, headers: Record<string, string>, sessionCookie?: string) =>
  checkRequest({ method, pathname, headers: new Headers(headers), origins: ORIGINS, csrfKey: KEY, sessionCookie });

describe("request guard", () => {
  it("refuses a cross-origin form POST (urlencoded, Origin evil.example)", () => {
    const r = check("POST", "/api/ingest", { host: "localhost:3000", origin: "http://evil.example", "content-type": "application/x-www-form-urlencoded" });
    expect(r?.reason).toBe("origin");
  });

  it("refuses a same-origin text/plain or form POST (only JSON changes state)", () => {
    expect(check("POST", "/api/ingest", { host: "localhost:3000", origin: "http://localhost:3000", "content-type": "text/plain", "content-length": "10" })?.reason).toBe("content_type");
    expect(check("POST", "/api/runs/x/cancel", { host: "localhost:3000", origin: "http://localhost:3000", "content-type": "application/x-www-form-urlencoded" })?.reason).toBe("content_type");
  });

  it("refuses a text/plain POST from another site even with the right Host", () => {
    const r = check("POST", "/api/ingest", { host: "localhost:3000", origin: "http://evil.example", "content-type": "text/plain" });
    expect(r).not.toBeNull();
  });

  it("refuses a state-changing request without Origin unless Sec-Fetch-Site says same-origin/none", () => {
    expect(check("DELETE", "/api/endpoints/e1", { host: "localhost:3000" })?.reason).toBe("origin");
    expect(check("DELETE", "/api/endpoints/e1", { host: "localhost:3000", "sec-fetch-site": "cross-site" })?.reason).toBe("origin");
    expect(check("DELETE", "/api/endpoints/e1", { host: "localhost:3000", "sec-fetch-site": "same-origin" })).toBeNull();
    expect(check("PATCH", "/api/endpoints/e1", { host: "localhost:3000", "sec-fetch-site": "none", "content-type": "application/json" })).toBeNull();
  });

  it("passes a same-origin JSON request and a bodyless action", () => {
    expect(check("POST", "/api/ingest", { host: "localhost:3000", origin: "http://localhost:3000", "content-type": "application/json; charset=utf-8" })).toBeNull();
    expect(check("POST", "/api/runs/x/cancel", { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", "content-length": "0" })).toBeNull();
  });

  it("refuses Host header spoofing (DNS rebinding) on every method", () => {
    expect(check("GET", "/api/corpora", { host: "evil.example" })?.reason).toBe("host");
    expect(check("GET", "/api/corpora", { host: "localhost:3001" })?.reason).toBe("host");
    expect(check("GET", "/api/corpora", {})?.reason).toBe("host");
    expect(check("POST", "/api/ingest", { host: "evil.example:3000", origin: "http://evil.example:3000", "content-type": "application/json" })?.reason).toBe("host");
    expect(check("GET", "/", { host: "LOCALHOST:3000" })).toBeNull();
  });

  it("accepts an https origin's host with or without its default port", () => {
    const r = (host: string) => checkRequest({ method: "GET", pathname: "/", headers: new Headers({ host }), origins: ["https://winnow.example.org"], csrfKey: KEY });
    expect(r("winnow.example.org")).toBeNull();
    expect(r("winnow.example.org:443")).toBeNull();
    expect(r("winnow.example.org:80")?.reason).toBe("host");
  });

  it("lets an upload through only with the session's CSRF token", () => {
    const base = { host: "localhost:3000", origin: "http://localhost:3000", "content-type": "application/octet-stream", "content-length": "5" };
    expect(check("POST", "/api/uploads", base, "sess")?.reason).toBe("csrf");
    expect(check("POST", "/api/uploads", { ...base, [CSRF_HEADER]: csrfToken(KEY, "other") }, "sess")?.reason).toBe("csrf");
    expect(check("POST", "/api/uploads", { ...base, [CSRF_HEADER]: csrfToken(KEY, "sess") }, "sess")).toBeNull();
    // The raw body is allowed on the upload route only; elsewhere a token does not make octet-stream acceptable.
    expect(check("POST", "/api/ingest", { ...base, [CSRF_HEADER]: csrfToken(KEY, "sess") }, "sess")?.reason).toBe("content_type");
    // multipart with the token is an upload too; a cross-origin one is refused before the token matters.
    const mp = { host: "localhost:3000", origin: "http://localhost:3000", "content-type": "multipart/form-data; boundary=x" };
    expect(check("POST", "/api/uploads", { ...mp, [CSRF_HEADER]: csrfToken(KEY, undefined) })).toBeNull();
    expect(check("POST", "/api/uploads", { ...mp, origin: "http://evil.example", [CSRF_HEADER]: csrfToken(KEY, undefined) })?.reason).toBe("origin");
  });

  it("exempts API-token requests from the Origin and CSRF checks, not from the content type", () => {
    const bearer = { host: "localhost:3000", authorization: "Bearer wn_abc" };
    expect(check("POST", "/api/ingest", { ...bearer, "content-type": "application/json" })).toBeNull();
    expect(check("POST", "/api/uploads", { ...bearer, "content-type": "application/octet-stream", "content-length": "3" })).toBeNull();
    expect(check("POST", "/api/ingest", { ...bearer, "content-type": "text/plain", "content-length": "3" })?.reason).toBe("content_type");
    expect(check("GET", "/api/corpora", { ...bearer, host: "evil.example" })?.reason).toBe("host");
  });
});

describe("config: listen address and sign-in", () => {
  it("listens on loopback by default, with localhost origins for the port", () => {
    const c = env({ PORT: "3005" });
    expect(c.host).toBe("127.0.0.1");
    expect(c.origins).toEqual(["http://localhost:3005", "http://127.0.0.1:3005"]);
    expect(signInRequired(c)).toBe(false);
  });

  it("requires sign-in on a non-loopback address or WINNOW_AUTH=required", () => {
    expect(signInRequired(env({ HOST: "0.0.0.0" }))).toBe(true);
    expect(signInRequired(env({ HOST: "192.168.1.5" }))).toBe(true);
    expect(signInRequired(env({ HOST: "::" }))).toBe(true);
    expect(signInRequired(env({ WINNOW_AUTH: "required" }))).toBe(true);
    for (const h of ["127.0.0.1", "127.3.2.1", "::1", "[::1]", "localhost"]) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ["0.0.0.0", "128.0.0.1", "127.0.0.256", "localhost.evil.example", "::"]) expect(isLoopbackHost(h)).toBe(false);
  });

  it("parses WINNOW_ORIGINS to origins and refuses a non-http one", () => {
    expect(env({ WINNOW_ORIGINS: "https://winnow.example.org/, http://a.example:8080" }).origins).toEqual(["https://winnow.example.org", "http://a.example:8080"]);
    expect(() => env({ WINNOW_ORIGINS: "ftp://x" })).toThrow(/WINNOW_ORIGINS/);
    expect(() => env({ WINNOW_AUTH_SECRET: "short" })).toThrow(/WINNOW_AUTH_SECRET/);
  });
});

describe("proxy.ts", () => {
  it("answers refusals with 403 JSON and lets good requests through", async () => {
    const { NextRequest } = await import("next/server");
    const { proxy } = await import("@/proxy");
    const saved = process.env.PORT;
    process.env.PORT = "3000";
    try {
      const evil = proxy(new NextRequest("http://localhost:3000/api/ingest", { method: "POST", headers: { host: "localhost:3000", origin: "http://evil.example", "content-type": "application/x-www-form-urlencoded" }, body: "a=b" }));
      expect(evil.status).toBe(403);
      expect(((await evil.json()) as { error: { code: string; details: { reason: string } } }).error).toMatchObject({ code: "FORBIDDEN", details: { reason: "origin" } });
      const plain = proxy(new NextRequest("http://localhost:3000/api/ingest", { method: "POST", headers: { host: "localhost:3000", origin: "http://localhost:3000", "content-type": "text/plain" }, body: "{}" }));
      expect(plain.status).toBe(403);
      const spoof = proxy(new NextRequest("http://localhost:3000/api/corpora", { headers: { host: "rebound.evil.example:3000" } }));
      expect(spoof.status).toBe(403);
      const ok = proxy(new NextRequest("http://localhost:3000/api/ingest", { method: "POST", headers: { host: "localhost:3000", origin: "http://localhost:3000", "content-type": "application/json" }, body: "{}" }));
      expect(ok.status).toBe(200);
      expect(ok.headers.get("x-middleware-next")).toBe("1");
    } finally {
      if (saved === undefined) delete process.env.PORT;
      else process.env.PORT = saved;
    }
  });
});
