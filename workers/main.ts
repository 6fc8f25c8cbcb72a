/**
 * A Winnow worker: claims tasks from the metadata DB under a lease and executes them.
 * Start more with `npm run worker` (on this or another machine sharing the DB and data dir).
 */
import { closeDb, getDb } from "@/lib/db/client";
import { newWorkerId, runWorkerLoop } from "@/lib/runs/worker-loop";

const main = async () => {
  getDb();
  const workerId = newWorkerId();
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`[worker ${workerId}] stopping after the current task`);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // Started by `npm start`: leave when that process is gone, even if it was killed without warning.
  // A task in progress is simply re-claimed by another worker once its lease expires.
  const supervisor = Number(process.env.WINNOW_SUPERVISOR_PID);
  if (supervisor > 0) {
    setInterval(() => {
      try {
        process.kill(supervisor, 0);
      } catch {
        console.log(`[worker ${workerId}] npm start is gone; exiting`);
        process.exit(0);
      }
    }, 1000).unref();
  }
  // Under `npm start` the start-up log ends with one line giving the URL; a worker started by hand says it is ready.
  if (!(supervisor > 0)) console.log(`[worker ${workerId}] ready`);
  await runWorkerLoop({ workerId, shouldStop: () => stopping });
  closeDb();
};

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
