import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const DATA_DIR = ".e2e-data";

export default defineConfig({
  testDir: "e2e",
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: {
    // A fresh data dir each run: the studio builds the demo corpus and serves it.
    command: `rm -rf ${DATA_DIR} && node node_modules/tsx/dist/cli.mjs scripts/start.ts`,
    url: `http://localhost:${PORT}/api/corpora`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    // The specs link files they write to the temp dir, and talk to local test servers: both allowed
    // here explicitly (neither is by default).
    env: {
      WINNOW_DATA_DIR: DATA_DIR,
      PORT: String(PORT),
      WINNOW_WORKERS: "1",
      NEXT_TELEMETRY_DISABLED: "1",
      WINNOW_DATA_ROOTS: os.tmpdir(),
      WINNOW_ALLOW_PRIVATE_URLS: "1",
      // The secrets key of the e2e studio: its own file, not the user's ~/.config/winnow one.
      WINNOW_SECRET_KEY_FILE: path.join(os.tmpdir(), `winnow-e2e-${PORT}`, "secret.key"),
    },
  },
});
