/**
 * A claimer process for the contention test: waits until CLAIM_START_AT (so that several processes
 * start together), then claims tasks until none is left, and prints the ids it got as one JSON
 * line. Tasks are not executed: each claim is followed by 2 ms of busy "work" (as a real worker
 * spends time on a task), so one process cannot drain the queue before the others are scheduled on
 * a 2-core machine. Their leases (60 s) outlive the test.
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
  const until = Date.now() + 2;
  while (Date.now() < until) {
    /* work */
  }
}
closeDb();
process.stdout.write(`${JSON.stringify({ workerId, ids, lateBy })}\n`);
