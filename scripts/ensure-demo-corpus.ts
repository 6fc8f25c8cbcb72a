/**
 * Prepares the demo corpus if it is not ready (run by `npm start` as a child process, so that the
 * long synchronous parts of building it never stall the start-up status page or the heartbeat).
 */
import { closeDb } from "@/lib/db/client";
import { ensureDemoCorpus } from "@/lib/demo/ensure-demo-corpus";

ensureDemoCorpus((m) => console.log(`[winnow] ${m}`))
  .then(() => {
    closeDb();
    process.exit(0);
  })
  .catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    closeDb();
    process.exit(1);
  });
