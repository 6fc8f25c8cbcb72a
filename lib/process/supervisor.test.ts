import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Supervisor } from "@/lib/process/supervisor";

// A stand-in web server: answers with its pid on the port it is given.
const SERVER = `require("node:http").createServer((q, s) => s.end(String(process.pid))).listen(Number(process.env.P), "127.0.0.1")`;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = http.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });

const get = (port: number) =>
  new Promise<string>((resolve, reject) => {
    http.get({ host: "127.0.0.1", port, path: "/" }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve(body));
    }).on("error", reject);
  });

const waitFor = async <T>(fn: () => Promise<T | undefined> | T | undefined, ms = 20_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
};

let sup: Supervisor | undefined;
afterEach(async () => {
  await sup?.stop();
  sup = undefined;
});

describe("Supervisor", () => {
  it("restarts a web server killed with SIGKILL, and it answers again", async () => {
    const port = await freePort();
    const logs: string[] = [];
    sup = new Supervisor({ backoffMs: 100, stdio: "ignore", log: (m) => logs.push(m) });
    sup.start({ name: "web server", args: ["-e", SERVER], env: { ...process.env, P: String(port) } });
    const first = await waitFor(() => get(port));
    expect(first).toBe(String(sup.pids()["web server"]));
    process.kill(Number(first), "SIGKILL");
    const second = await waitFor(async () => {
      const pid = await get(port);
      return pid !== first ? pid : undefined;
    });
    expect(second).toBe(String(sup.pids()["web server"]));
    expect(sup.restarts("web server")).toBe(1);
    expect(logs.join("\n")).toMatch(/web server was killed \(SIGKILL\) after .* restarting in 0\.1 s/);
  });

  it("backs off after each fast crash and gives up loudly after repeated ones, stopping the other children", async () => {
    const logs: string[] = [];
    let gaveUp = "";
    sup = new Supervisor({ backoffMs: 100, maxFastCrashes: 4, stdio: "ignore", log: (m) => logs.push(m), onGiveUp: (name, reason) => (gaveUp = `${name}: ${reason}`) });
    sup.start({ name: "steady", args: ["-e", "setInterval(() => {}, 1000)"] });
    sup.start({ name: "web server", args: ["-e", "process.exit(3)"] });
    await waitFor(() => gaveUp || undefined);
    expect(gaveUp).toMatch(/^web server: web server exited \(code 3\); it crashed 4 times in a row .* giving up/);
    const restarts = logs.filter((l) => l.includes("restarting in"));
    expect(restarts.map((l) => l.match(/restarting in ([\d.]+) s/)![1])).toEqual(["0.1", "0.2", "0.4"]);
    expect(logs.some((l) => l.startsWith("[winnow] ERROR: web server"))).toBe(true);
    expect(sup.restarts("web server")).toBe(3);
    // The steady child was stopped too.
    const pid = sup.pids().steady!;
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
