/**
 * A claimer process for the contention test: waits until CLAIM_START_AT (so that several processes
 * start together), then claims tasks as fast as it can until none is left, and prints the ids it
 * got as one JSON line. Tasks are not executed: their leases (60 s) outlive the test.
 */
import { closeDb } from "@/lib/db/client";
import { claimTask } from "@/lib/runs/claim-task";

const workerId = process.env.CLAIM_WORKER_ID ?? `claimer-${process.pid}`;
const startAt = Number(process.env.CLAIM_START_AT ?? 0);
const lateBy = Date.now() - startAt;
while (Date.now() < startAt) {
  /* spin: start as close together as possible */
}
const ids: string[] = [];
for (;;) {
  const c = claimTask(workerId, 60_000);
  if (!c) break;
  ids.push(c.task.id);
}
closeDb();
process.stdout.write(`${JSON.stringify({ workerId, ids, lateBy })}\n`);
