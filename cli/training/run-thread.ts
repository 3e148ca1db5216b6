/** Starts the training thread (thread.mjs) for one job, passes its events on, and settles with its result. */
import { Worker } from "node:worker_threads";
import type { TrainResult } from "../../runtime/index.ts";
import { ReportedError } from "../errors.ts";
import type { TrainEvent, TrainJob } from "./events.ts";

export function trainInThread(job: TrainJob, onEvent: (e: Exclude<TrainEvent, { kind: "done" | "failed" }>) => void): Promise<TrainResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./thread.mjs", import.meta.url), { workerData: job });
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
      // Everything the run writes is written (synchronously) before its last message: nothing is cut short.
      void worker.terminate();
    };
    worker.on("message", (e: TrainEvent) => {
      if (e.kind === "done") settle(() => resolve(e.result));
      else if (e.kind === "failed") settle(() => reject(new ReportedError(e.text, e.exitCode)));
      else if (!settled) onEvent(e);
    });
    worker.on("error", (error) => settle(() => reject(error)));
    worker.on("exit", (code) => settle(() => reject(new Error(`the training thread ended (exit code ${code}) without a result`))));
  });
}
