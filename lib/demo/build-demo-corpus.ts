import fs from "node:fs";
import path from "node:path";
import { brownDocs } from "@/lib/demo/brown";
import { packageReadmeDocs } from "@/lib/demo/package-readmes";
import { spamAssassinDocs } from "@/lib/demo/spam-assassin";

/**
 * Writes the demo corpus as one JSON lines file: the Brown corpus (500 documents, 15 genres), the
 * SpamAssassin e-mails (ham and spam) and READMEs of installed packages. Deterministic for a given
 * set of installed packages; written to a temp name and renamed.
 */
export const buildDemoCorpus = async (outFile: string): Promise<{ docs: number; bytes: number; bySource: Record<string, number> }> => {
  const docs = [...brownDocs(), ...spamAssassinDocs(), ...packageReadmeDocs()];
  const bySource: Record<string, number> = {};
  for (const d of docs) bySource[d.source] = (bySource[d.source] ?? 0) + 1;
  const body = docs.map((d) => JSON.stringify(d)).join("\n") + "\n";
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const tmp = `${outFile}.tmp`;
  fs.writeFileSync(tmp, body);
  fs.renameSync(tmp, outFile);
  return { docs: docs.length, bytes: Buffer.byteLength(body), bySource };
};
