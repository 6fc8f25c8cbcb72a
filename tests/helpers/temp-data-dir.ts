import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDb, getDb } from "@/lib/db/client";

/** Points WINNOW_DATA_DIR at a fresh temp folder and opens (migrates) the metadata DB there. */
export const useTempDataDir = (prefix: string): string => {
  closeDb();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `winnow-${prefix}-`));
  process.env.WINNOW_DATA_DIR = dir;
  // Secrets are encrypted with a key from a key file: a test's own, never the user's ~/.config one.
  process.env.WINNOW_SECRET_KEY_FILE ??= path.join(fs.mkdtempSync(path.join(os.tmpdir(), "winnow-key-")), "secret.key");
  getDb();
  return dir;
};
