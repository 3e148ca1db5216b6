/** The body of a trial worker thread: run each task it is sent, reply with the outcome or the error. */
import { parentPort } from "node:worker_threads";
import type { TrialTask } from "./trial.ts";
import { runTrial } from "./trial.ts";

if (parentPort === null) throw new Error("trial-thread.ts must run in a worker thread");
const port = parentPort;
port.on("message", (task: TrialTask) => {
  runTrial(task).then(
    (result) => port.postMessage({ ok: true, result }),
    (error: unknown) => port.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
