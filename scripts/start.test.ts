import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("npm start", () => {
  it("refuses to listen beyond loopback without an auth secret, and says what to set", () => {
    const env: NodeJS.ProcessEnv = { ...process.env, HOST: "0.0.0.0", PORT: "3199" };
    delete env.WINNOW_AUTH_SECRET;
    const res = spawnSync(process.execPath, ["--import", "tsx", "scripts/start.ts"], { env, encoding: "utf8", timeout: 60_000 });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("refusing to start: HOST=0.0.0.0 makes the studio reachable from other machines");
    expect(res.stderr).toContain("WINNOW_AUTH_SECRET");
    expect(res.stdout).not.toContain("starting; progress on");
  });

  it("refuses on loopback too when WINNOW_AUTH=required and no secret is set", () => {
    const env: NodeJS.ProcessEnv = { ...process.env, HOST: "127.0.0.1", PORT: "3199", WINNOW_AUTH: "required" };
    delete env.WINNOW_AUTH_SECRET;
    const res = spawnSync(process.execPath, ["--import", "tsx", "scripts/start.ts"], { env, encoding: "utf8", timeout: 60_000 });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("WINNOW_AUTH=required is set");
  });
});
