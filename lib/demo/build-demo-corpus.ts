import { brownDocs } from "@/lib/demo/brown";
import { packageReadmeDocs } from "@/lib/demo/package-readmes";
import { spamAssassinDocs } from "@/lib/demo/spam-assassin";
import type { TDemoDoc } from "@/lib/demo/types";
import { writeJsonlAtomic } from "@/lib/demo/write-jsonl";

export type TDemoCorpusSummary = { docs: number; bytes: number; bySource: Record<string, number> };

/**
 * The demo documents, in a fixed order: the 500 Brown samples (paragraph layout; `genre`,
 * `genre_code`, `brown_file`, `brown_source`), the ~6,000 SpamAssassin e-mails as raw messages
 * (`label` ham/spam, `subset`, `mail_file`) and the READMEs of installed packages (`package`,
 * `package_version`). Every document has `id`, `text` and `source` (`brown`, `spamassassin`, `readme`).
 */
export const demoCorpusDocs = (): TDemoDoc[] => [...brownDocs("paragraphs"), ...spamAssassinDocs(), ...packageReadmeDocs()];

/**
 * Writes the demo corpus as one JSON lines file, atomically (`outFile.tmp`, fsync, rename).
 * Byte-identical on every run for a given set of installed packages.
 */
export const buildDemoCorpus = async (outFile: string): Promise<TDemoCorpusSummary> => {
  const docs = demoCorpusDocs();
  const seen = new Set<string>();
  const bySource: Record<string, number> = {};
  for (const d of docs) {
    if (seen.has(d.id)) throw new Error(`Duplicate demo document id ${d.id}`);
    seen.add(d.id);
    bySource[d.source] = (bySource[d.source] ?? 0) + 1;
  }
  const bytes = writeJsonlAtomic(outFile, docs);
  return { docs: docs.length, bytes, bySource };
};
