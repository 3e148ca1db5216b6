/** The training thread of `nnc train`: loads the data, trains, and reports every event to the CLI thread. */
import { parentPort, workerData } from "node:worker_threads";
import { prestartDataParallel } from "../../runtime/parallel/prestart.ts";
import { describeError } from "../report-error.ts";
import type { GeneratedModule } from "../spec-module.ts";
import { STOP_REQUESTED, type TrainEvent, type TrainingThreadData, type TrainJob } from "./events.ts";

if (parentPort === null) throw new Error("thread-body.ts must run in a worker thread");
const port = parentPort;
const post = (e: TrainEvent) => port.postMessage(e);
// The runtime loads while the CLI thread compiles the spec; the generated module imports the same URL, so it finds it
// loaded. A failure here is left to that import, which reports it.
const runtime = import((workerData as TrainingThreadData).runtimeUrl).catch(() => undefined);
const job = await new Promise<TrainJob>((resolve) => port.once("message", resolve));
const stop = new Int32Array(job.stop);

try {
  await runtime;
  const module = (await import(job.moduleUrl)) as GeneratedModule;
  // Data-parallel workers start and load the generated module while the data loads.
  prestartDataParallel(module.DEFINITION, job.moduleUrl, job.threads);
  const data = await module.loadData();
  post({ kind: "data", train: data.train.n, validation: data.validation?.n, test: data.test?.n });
  const result = await module.train({
    epochs: job.epochs,
    steps: job.steps,
    seed: job.seed,
    initFrom: job.initFrom,
    resumeFrom: job.resumeFrom,
    outDir: job.outDir,
    threads: job.threads,
    data,
    onBatch: (progress) => post({ kind: "batch", progress }),
    onEpoch: (metrics) => post({ kind: "epoch", metrics }),
    onNanRecovery: (e) => post({ kind: "nan", message: e.message }),
    onStart: ({ disk }) => post({ kind: "disk", disk }),
    shouldStop: () => Atomics.load(stop, 0) === STOP_REQUESTED,
  });
  post({ kind: "done", result });
} catch (error) {
  post({ kind: "failed", ...describeError(error) });
}
