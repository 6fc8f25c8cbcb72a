import fs from "node:fs";
import path from "node:path";
import type { TDemoDoc } from "@/lib/demo/brown";

export const SPAM_DIR = path.join(process.cwd(), "node_modules", "@stdlib", "datasets-spam-assassin", "data");

/** Every SpamAssassin e-mail (raw headers and body) with its ham/spam label and subset. */
export const spamAssassinDocs = (): TDemoDoc[] => {
  const subsets = fs
    .readdirSync(SPAM_DIR)
    .filter((d) => fs.statSync(path.join(SPAM_DIR, d)).isDirectory())
    .sort();
  const docs: TDemoDoc[] = [];
  for (const subset of subsets) {
    const files = fs
      .readdirSync(path.join(SPAM_DIR, subset))
      .filter((f) => f.endsWith(".json"))
      .sort();
    for (const f of files) {
      const rec = JSON.parse(fs.readFileSync(path.join(SPAM_DIR, subset, f), "utf8")) as { id: string; text: string };
      docs.push({
        id: `mail-${subset}-${rec.id}`,
        text: rec.text,
        source: "spamassassin",
        label: subset.startsWith("spam") ? "spam" : "ham",
        subset,
      });
    }
  }
  return docs;
};
