/**
 * The training thread (thread.mjs): started before the spec is compiled, so that the thread's start and its loading
 * of the runtime (some 250 modules, ~0.15 s) overlap with code generation; then given one job, whose events it passes
 * on, and settled with its result.
 */
import { Worker } from "node:worker_threads";
import type { TrainResult } from "../../runtime/index.ts";
import { ReportedError } from "../errors.ts";
import type { TrainEvent, TrainJob, TrainingThreadData } from "./events.ts";

export class TrainingThread {
  private readonly worker: Worker;
  /** Set when the thread failed or ended before run() was called. */
  private early: Error | undefined;

  /** Starts the thread; `runtimeUrl` is the runtime the generated module will import, which the thread loads meanwhile. */
  constructor(runtimeUrl: string) {
    const data: TrainingThreadData = { runtimeUrl };
    this.worker = new Worker(new URL("./thread.mjs", import.meta.url), { workerData: data });
    // Until it has a job the thread must not keep the process alive (a spec with errors ends the command).
    this.worker.unref();
    this.worker.on("error", (error) => (this.early ??= error));
    this.worker.on("exit", (code) => (this.early ??= new Error(`the training thread ended (exit code ${code}) before its job`)));
  }

  run(job: TrainJob, onEvent: (e: Exclude<TrainEvent, { kind: "done" | "failed" }>) => void): Promise<TrainResult> {
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (f: () => void) => {
        if (settled) return;
        settled = true;
        f();
        // Everything the run writes is written (synchronously) before its last message: nothing is cut short.
        void worker.terminate();
      };
      if (this.early !== undefined) {
        const early = this.early;
        settle(() => reject(early));
        return;
      }
      worker.removeAllListeners("error").removeAllListeners("exit");
      worker.on("message", (e: TrainEvent) => {
        if (e.kind === "done") settle(() => resolve(e.result));
        else if (e.kind === "failed") settle(() => reject(new ReportedError(e.text, e.exitCode)));
        else if (!settled) onEvent(e);
      });
      worker.on("error", (error) => settle(() => reject(error)));
      worker.on("exit", (code) => settle(() => reject(new Error(`the training thread ended (exit code ${code}) without a result`))));
      worker.ref();
      worker.postMessage(job);
    });
  }

  /** Ends a thread that will get no job (the command failed before training). */
  close(): void {
    void this.worker.terminate();
  }
}
