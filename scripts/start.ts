/**
 * `npm start`: answers on the studio's port at once with a start-up status page, then migrates the
 * metadata DB, prepares the demo corpus on first start, builds the web app when its sources changed,
 * starts WINNOW_WORKERS local workers and hands the port over to the web server. A supervisor
 * restarts the web server and the workers when they exit, and gives up loudly on repeated fast
 * crashes. `npm run dev` does the same with the Next.js dev server (no build).
 *
 * Heavy modules (the DB client, the demo corpus) are imported only after the status page is up.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { getConfig, isLoopbackHost, signInRequired } from "@/lib/config";
import { Supervisor } from "@/lib/process/supervisor";
import { StartupProgress, startStatusServer } from "@/lib/process/startup-status";

/** When this process started (tsx's start-up included), for the elapsed times printed. */
const t0 = Date.now() - process.uptime() * 1000;
const ROOT = process.cwd();
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
const BUILD_INPUTS = ["app", "components", "lib", "db", "public", "next.config.ts", "package-lock.json", "postcss.config.mjs", "tsconfig.json"];
/** Print a "still …" line when a step has been silent this long (the terminal never looks hung). */
const HEARTBEAT_MS = 5_000;

const elapsed = (since = t0) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const log = (m: string) => console.log(`[winnow] ${m}`);
const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");

const newestMtime = (p: string): number => {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
};

const buildIsCurrent = (): boolean => {
  const stamp = path.join(ROOT, ".next", "BUILD_ID");
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  return built > Math.max(...BUILD_INPUTS.map((p) => newestMtime(path.join(ROOT, p))));
};

/** Runs `fn` and prints a heartbeat line with the elapsed time whenever nothing was printed for a while. */
const withHeartbeat = async <T>(what: string, fn: (touch: () => void) => Promise<T>): Promise<T> => {
  const since = Date.now();
  let last = Date.now();
  const timer = setInterval(() => {
    if (Date.now() - last < HEARTBEAT_MS) return;
    log(`… still ${what} (${elapsed(since)})`);
    last = Date.now();
  }, 1_000);
  try {
    return await fn(() => (last = Date.now()));
  } finally {
    clearInterval(timer);
  }
};

const stepChildren = new Set<ChildProcess>();

/** Runs a node child for a start-up step, its output forwarded to the terminal line by line and each line passed to `onLine`. */
const runChild = (what: string, args: string[], env: NodeJS.ProcessEnv, onLine: (plain: string) => void): Promise<void> => {
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env });
  stepChildren.add(child);
  const forward = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
    let rest = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      const lines = (rest + chunk).split(/\r?\n/);
      rest = lines.pop() ?? "";
      for (const line of lines) {
        out.write(`${line}\n`);
        onLine(stripAnsi(line).trim());
      }
    });
  };
  forward(child.stdout!, process.stdout);
  forward(child.stderr!, process.stderr);
  return new Promise<void>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      stepChildren.delete(child);
      if (code === 0) resolve();
      else reject(new Error(`${what} ${signal ? `was killed (${signal})` : `exited with code ${code}`}; its output is above`));
    });
  });
};

/** `next build`, its output shown in the terminal and the last lines on the status page. */
const build = (progress: StartupProgress, touch: () => void): Promise<void> =>
  runChild("next build", [NEXT_BIN, "build"], { WINNOW_BUILD_TYPECHECK: "0", WINNOW_BUILD_CACHE: "0", ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, (plain) => {
    touch();
    if (!plain) return;
    progress.addOutput(plain);
    progress.update("build", plain);
  });

/** Resolves once the web server answers a page request on the port (the first render is done then too). */
const waitForWebServer = async (host: string, port: number, waiting: () => boolean): Promise<void> => {
  const probeHost = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  for (;;) {
    if (!waiting()) throw new Error("stopped before the web server answered");
    const answered = await new Promise<boolean>((resolve) => {
      const req = http.get({ host: probeHost, port, path: "/", timeout: 60_000 }, (res) => {
        res.resume();
        resolve(res.headers["x-winnow-startup"] === undefined);
      });
      req.on("error", () => resolve(false));
      req.on("timeout", () => req.destroy());
    });
    if (answered) return;
    await new Promise((r) => setTimeout(r, 250));
  }
};

const main = async () => {
  const dev = process.argv.includes("--dev");
  const config = getConfig();
  if (signInRequired(config) && !config.authSecret) {
    const why = isLoopbackHost(config.host) ? "WINNOW_AUTH=required is set" : `HOST=${config.host} makes the studio reachable from other machines`;
    console.error(
      `[winnow] refusing to start: ${why}, so sign-in is required, and no WINNOW_AUTH_SECRET is configured.\n` +
        `[winnow] Set WINNOW_AUTH_SECRET to a long random value (e.g. \`openssl rand -hex 32\`), or leave HOST unset to listen on 127.0.0.1 only.`,
    );
    process.exit(1);
  }
  const url = `http://${isLoopbackHost(config.host) ? "localhost" : config.host.includes(":") ? `[${config.host}]` : config.host}:${config.port}`;
  const demo = process.env.WINNOW_DEMO !== "0";
  const progress = new StartupProgress([
    { id: "db", label: "Metadata database (migrations)" },
    { id: "demo", label: "Demo corpus" },
    { id: "build", label: dev ? "App build (dev server: built on request)" : "App build" },
    { id: "web", label: "Web server" },
  ]);

  let status: { close: () => Promise<void> } | undefined;
  try {
    status = await startStatusServer(progress, config.host, config.port);
    log(`starting; progress on ${url} (${elapsed()})`);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    console.error(`[winnow] cannot listen on ${config.host}:${config.port}: ${code === "EADDRINUSE" ? "the port is in use (another Winnow or server?); set PORT to use another" : String(e)}`);
    process.exit(1);
  }

  const supervisor = new Supervisor({
    onGiveUp: () => {
      console.error(`[winnow] stopped after repeated crashes (${elapsed()}).`);
      process.exit(1);
    },
  });
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const c of stepChildren) c.kill("SIGTERM");
    await Promise.all([supervisor.stop(), status?.close()]);
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  const step = async (id: string, title: string, fn: (touch: () => void) => Promise<string | void>) => {
    const since = Date.now();
    progress.begin(id);
    log(`${title}…`);
    try {
      const detail = await withHeartbeat(title.charAt(0).toLowerCase() + title.slice(1), async (touch) => (await fn(touch)) ?? undefined);
      progress.end(id, "done", detail ?? undefined);
      log(`✓ ${title}${detail ? `: ${detail}` : ""} (${elapsed(since)})`);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      progress.end(id, "failed", message);
      console.error(`[winnow] ✗ ${title} failed: ${message}`);
      await shutdown(1);
    }
  };

  await step("db", "Migrating the metadata database", async () => {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const { getDb } = await import("@/lib/db/client");
    getDb();
    const { removeAbandonedUploadParts } = await import("@/lib/ingest/upload-parts");
    const parts = removeAbandonedUploadParts(0);
    // Later, parts of uploads that stalled (their server killed, a client gone) are swept regularly.
    setInterval(() => {
      const gone = removeAbandonedUploadParts(config.uploadPartTimeoutMs);
      if (gone.length) log(`removed ${gone.length} abandoned upload part(s)`);
    }, Math.min(config.uploadPartTimeoutMs / 2, 60_000)).unref();
    // With sign-in on, the first admin comes from WINNOW_ADMIN_EMAIL / WINNOW_ADMIN_PASSWORD (or `npm run winnow -- create-admin`).
    const { ensureAdminFromEnv } = await import("@/lib/auth/users");
    const admin = signInRequired(config) ? await ensureAdminFromEnv() : "exists";
    if (admin === "created") log(`created the admin ${process.env.WINNOW_ADMIN_EMAIL}`);
    if (admin === "not_configured") log("sign-in is on and there is no admin yet: run `npm run winnow -- create-admin --email you@example.org`, or set WINNOW_ADMIN_EMAIL and WINNOW_ADMIN_PASSWORD");
    return `${config.dataDir}${parts.length ? `; removed ${parts.length} unfinished upload(s) from the last run` : ""}`;
  });

  // The build (the long pole on a first start) and the demo corpus run side by side.
  let building: Promise<void> = Promise.resolve();
  if (dev) progress.end("build", "skipped");
  else if (buildIsCurrent()) {
    progress.end("build", "skipped", "up to date");
    log("✓ the web app build is up to date");
  } else {
    log("the first build of the web app takes a few minutes on 2 cores; Next.js prints its progress below");
    building = step("build", "Building the web app", async (touch) => {
      await build(progress, touch);
      return "built";
    });
  }

  if (demo) {
    await step("demo", "Preparing the demo corpus", async (touch) => {
      const { isDemoCorpusReady } = await import("@/lib/demo/demo-ready");
      if (isDemoCorpusReady()) return "ready";
      const { closeDb } = await import("@/lib/db/client");
      closeDb();
      await runChild("the demo corpus preparation", ["--import", "tsx", "scripts/ensure-demo-corpus.ts"], { ...process.env, WINNOW_DATA_DIR: config.dataDir }, (plain) => {
        touch();
        if (plain) progress.update("demo", plain.replace(/^\[winnow\] /, ""));
      });
      return "ready";
    });
  } else progress.end("demo", "skipped", "WINNOW_DEMO=0");
  await building;

  const env = { ...process.env, WINNOW_DATA_DIR: config.dataDir, NEXT_TELEMETRY_DISABLED: "1" };

  progress.begin("web", "opening the studio");
  const webSince = Date.now();
  await status?.close();
  status = undefined;
  supervisor.start({ name: "web server", args: [NEXT_BIN, dev ? "dev" : "start", "-p", String(config.port), "-H", config.host], env });
  try {
    await withHeartbeat("starting the web server", () => waitForWebServer(config.host, config.port, () => !stopping));
  } catch (e) {
    console.error(`[winnow] ${e instanceof Error ? e.message : String(e)}`);
  }
  log(`✓ web server answering (${elapsed(webSince)})`);
  // Workers start once the studio answers: on 2 cores they would otherwise slow its first page.
  for (let i = 0; i < config.workers; i++) supervisor.start({ name: `worker ${i + 1}`, args: ["--import", "tsx", "workers/main.ts"], env: { ...env, WINNOW_SUPERVISOR_PID: String(process.pid) } });
  log(`Winnow is ready on ${url} with ${config.workers} worker(s) (started in ${elapsed()})`);
};

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
