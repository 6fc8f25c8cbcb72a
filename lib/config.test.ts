import { describe, expect, it } from "vitest";
import { getConfig, isLoopbackHost, signInRequired } from "@/lib/config";

const env = (vars: Record<string, string>): NodeJS.ProcessEnv => ({ NODE_ENV: "test", ...vars });

describe("config: listen address and origins", () => {
  it("listens on loopback by default, with the two local origins of the port", () => {
    const c = getConfig(env({ PORT: "3105" }));
    expect(c.host).toBe("127.0.0.1");
    expect(c.authSecret).toBeUndefined();
    expect(c.origins).toEqual(["http://localhost:3105", "http://127.0.0.1:3105"]);
  });

  it("reads HOST, WINNOW_AUTH_SECRET and a comma-separated WINNOW_ORIGINS", () => {
    const c = getConfig(env({ HOST: "0.0.0.0", WINNOW_AUTH_SECRET: "s3cret-that-is-at-least-32-characters", WINNOW_ORIGINS: "https://winnow.example, http://10.0.0.5:3000 ," }));
    expect(c.host).toBe("0.0.0.0");
    expect(c.authSecret).toBe("s3cret-that-is-at-least-32-characters");
    expect(c.origins).toEqual(["https://winnow.example", "http://10.0.0.5:3000"]);
  });

  it("knows loopback addresses from the rest", () => {
    for (const h of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST", "::ffff:127.0.0.1"]) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ["0.0.0.0", "::", "10.0.0.5", "192.168.1.2", "example.com", "128.0.0.1", "127.0.0.1.example.com", "localhost.example.com"]) expect(isLoopbackHost(h), h).toBe(false);
  });

  it("requires sign-in beyond loopback or when WINNOW_AUTH=required", () => {
    expect(signInRequired({ host: "127.0.0.1", authRequired: false })).toBe(false);
    expect(signInRequired({ host: "0.0.0.0", authRequired: false })).toBe(true);
    expect(signInRequired({ host: "::1", authRequired: true })).toBe(true);
  });
});
