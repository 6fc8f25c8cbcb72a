/** Builds the demo corpus JSON lines file: `npm run demo:build [-- outFile]`. */
import path from "node:path";
import { getConfig } from "@/lib/config";
import { buildDemoCorpus } from "@/lib/demo/build-demo-corpus";

const out = process.argv[2] ?? path.join(getConfig().dataDir, "demo", "demo-corpus.jsonl");
buildDemoCorpus(out).then((r) => {
  console.log(`${out}: ${r.docs} documents, ${(r.bytes / 1e6).toFixed(1)} MB`, r.bySource);
});
