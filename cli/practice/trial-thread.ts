/** The body of a trial worker thread: run each task it is sent, reply with the outcome or the error; end on null. */
import { parentPort } from "node:worker_threads";
import type { TrialTask } from "./trial.ts";
import { runTrial } from "./trial.ts";

if (parentPort === null) throw new Error("trial-thread.ts must run in a worker thread");
const port = parentPort;
port.on("message", (task: TrialTask | null) => {
  // No more tasks. Ending through process.exit (not the pool's terminate()) runs the thread's exit handlers: a cache
  // folder of the thread's own is removed there (cli/private-cache.ts).
  if (task === null) process.exit(0);
  runTrial(task).then(
    (result) => port.postMessage({ ok: true, result }),
    (error: unknown) => port.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
