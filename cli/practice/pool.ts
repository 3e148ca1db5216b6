/**
 * Runs trials in parallel on worker threads (one trial per worker at a time; a worker keeps its compiled
 * modules across trials). With one worker the trials run in this thread, which is also what tests use.
 * Results arrive in completion order through `onResult`; the returned array is in task order.
 */
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import type { TrialOutcome, TrialTask } from "./trial.ts";
import { runTrial } from "./trial.ts";

export function defaultWorkers(): number {
  return availableParallelism();
}

export async function runTrials(
  tasks: readonly TrialTask[],
  workers: number,
  onResult?: (r: TrialOutcome, done: number) => void,
): Promise<TrialOutcome[]> {
  const results: TrialOutcome[] = new Array(tasks.length);
  let done = 0;
  const finish = (index: number, r: TrialOutcome) => {
    results[index] = r;
    onResult?.(r, ++done);
  };
  if (workers <= 1 || tasks.length <= 1) {
    for (let i = 0; i < tasks.length; i++) finish(i, await runTrial(tasks[i]));
    return results;
  }
  let next = 0;
  const entry = new URL("./trial-worker.mjs", import.meta.url);
  const lane = () =>
    new Promise<void>((resolveLane, rejectLane) => {
      // The lanes already use every core: a trial inside one trains on one thread (no data-parallel workers of its own).
      const worker = new Worker(entry, { env: { ...process.env, NNC_THREADS: "1" } });
      const feed = () => {
        if (next >= tasks.length) {
          worker.once("exit", () => resolveLane());
          worker.postMessage(null);
          return;
        }
        const index = next++;
        worker.once("message", (m: { ok: true; result: TrialOutcome } | { ok: false; error: string }) => {
          if (!m.ok) {
            worker.postMessage(null);
            rejectLane(new Error(`trial ${tasks[index].id}: ${m.error}`));
            return;
          }
          finish(index, m.result);
          feed();
        });
        worker.postMessage(tasks[index]);
      };
      worker.once("error", rejectLane);
      feed();
    });
  await Promise.all(Array.from({ length: Math.min(workers, tasks.length) }, lane));
  return results;
}
