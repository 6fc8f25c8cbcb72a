import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { STATUS_PATH, StartupProgress, startStatusServer } from "@/lib/process/startup-status";

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = http.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });

const request = (port: number, path: string, method = "GET") =>
  new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, method, agent: false }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, type: String(res.headers["content-type"]), body }));
    });
    req.on("error", reject);
    req.end();
  });

describe("start-up status server", () => {
  it("serves the status page for any page, the steps as JSON, 503 to API calls, and frees the port when closed", async () => {
    const port = await freePort();
    const progress = new StartupProgress([
      { id: "db", label: "Metadata database" },
      { id: "build", label: "App build" },
    ]);
    const server = await startStatusServer(progress, "127.0.0.1", port);
    progress.begin("db");
    progress.end("db", "done", "migrated");
    progress.begin("build");
    progress.addOutput("Creating an optimized production build ...");
    progress.update("build", "Creating an optimized production build ...");

    const page = await request(port, "/corpora/abc?x=1");
    expect(page.status).toBe(200);
    expect(page.type).toContain("text/html");
    expect(page.body).toContain("Winnow is starting");
    expect(page.body).toContain(STATUS_PATH);

    const status = await request(port, STATUS_PATH);
    const s = JSON.parse(status.body);
    expect(s.winnowStartup).toBe(true);
    expect(s.steps.map((x: { id: string; state: string }) => `${x.id}:${x.state}`)).toEqual(["db:done", "build:running"]);
    expect(s.steps[0].detail).toBe("migrated");
    expect(s.output).toEqual(["Creating an optimized production build ..."]);

    const api = await request(port, "/api/corpora", "POST");
    expect(api.status).toBe(503);
    expect(JSON.parse(api.body).error.code).toBe("STARTING");

    progress.end("build", "failed", "next build exited with code 1");
    expect(JSON.parse((await request(port, STATUS_PATH)).body).failed).toBe("App build: next build exited with code 1");

    await server.close();
    await expect(request(port, "/")).rejects.toThrow(/ECONNREFUSED/);
    // The port is free again for the web server.
    const again = await startStatusServer(progress, "127.0.0.1", port);
    await again.close();
  });
});
