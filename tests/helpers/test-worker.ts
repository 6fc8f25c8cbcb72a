/** A worker process for tests: registers the test run type, then works until nothing is runnable. */
import "@/tests/helpers/test-run-type";
import { closeDb } from "@/lib/db/client";
import { runWorkerLoop } from "@/lib/runs/worker-loop";

runWorkerLoop({ exitWhenIdle: true, idleMs: 20 })
  .then(() => {
    closeDb();
    process.exit(0);
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
