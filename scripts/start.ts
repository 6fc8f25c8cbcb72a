/**
 * `npm start`: migrates the metadata DB, prepares the demo corpus on first start, builds the web
 * app when its sources changed, then runs the web server and WINNOW_WORKERS local workers.
 * `npm run dev` does the same with the Next.js dev server.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { getConfig } from "@/lib/config";
import { closeDb, getDb } from "@/lib/db/client";
import { ensureDemoCorpus } from "@/lib/demo/ensure-demo-corpus";

const ROOT = process.cwd();
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
const BUILD_INPUTS = ["app", "components", "lib", "db", "public", "next.config.ts", "package-lock.json", "postcss.config.mjs", "tsconfig.json"];

const newestMtime = (p: string): number => {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
};

/** Rebuilds the production bundle when any source is newer than the last build. */
const ensureBuild = () => {
  const stamp = path.join(ROOT, ".next", "BUILD_ID");
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  const newest = Math.max(...BUILD_INPUTS.map((p) => newestMtime(path.join(ROOT, p))));
  if (built > newest) return;
  console.log("[winnow] building the web app (first start or sources changed)…");
  const res = spawnSync(process.execPath, [NEXT_BIN, "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (res.status !== 0) {
    console.error("[winnow] the build failed");
    process.exit(res.status ?? 1);
  }
};

const main = async () => {
  const dev = process.argv.includes("--dev");
  const config = getConfig();
  fs.mkdirSync(config.dataDir, { recursive: true });
  getDb();
  console.log(`[winnow] data dir ${config.dataDir}`);
  if (process.env.WINNOW_DEMO !== "0") await ensureDemoCorpus((m) => console.log(`[winnow] ${m}`));
  closeDb();
  if (!dev) ensureBuild();

  const children: ChildProcess[] = [];
  let stopping = false;
  const env = { ...process.env, WINNOW_DATA_DIR: config.dataDir, NEXT_TELEMETRY_DISABLED: "1" };
  const spawnChild = (name: string, args: string[], restart: boolean, extraEnv: Record<string, string> = {}) => {
    const child = spawn(process.execPath, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
    children.push(child);
    child.on("exit", (code) => {
      children.splice(children.indexOf(child), 1);
      if (stopping) return;
      if (restart) {
        console.error(`[winnow] ${name} exited (${code}); restarting`);
        setTimeout(() => spawnChild(name, args, restart, extraEnv), 1000);
      } else {
        console.error(`[winnow] ${name} exited (${code}); shutting down`);
        shutdown(code ?? 1);
      }
    });
  };
  const shutdown = (code = 0) => {
    if (stopping) return;
    stopping = true;
    for (const c of children) c.kill("SIGTERM");
    setTimeout(() => process.exit(code), 3000).unref();
    const check = setInterval(() => children.length === 0 && process.exit(code), 100);
    check.unref();
  };
  process.on("SIGINT", () => shutdown(0));
  process.on("SIGTERM", () => shutdown(0));

  spawnChild("web server", [NEXT_BIN, dev ? "dev" : "start", "-p", String(config.port)], false);
  for (let i = 0; i < config.workers; i++) spawnChild(`worker ${i + 1}`, ["--import", "tsx", "workers/main.ts"], true, { WINNOW_SUPERVISOR_PID: String(process.pid) });
  console.log(`[winnow] studio on http://localhost:${config.port} with ${config.workers} worker(s)`);
};

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
