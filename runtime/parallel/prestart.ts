/**
 * Starting a data-parallel worker takes a few hundred milliseconds (a fresh isolate loading TypeScript).
 * A caller that knows a training run is coming — `nnc train` before it loads the data — starts the
 * workers the run will want and has them load its generated module meanwhile; the run then attaches
 * its replicas to them within milliseconds. Nothing depends on it: without it the training thread
 * computes the workers' shards until they are up, with the same results.
 */
import type { ModelDefinition } from "../contract.ts";
import { prestartWorkers } from "./pool.ts";
import { chooseThreads, type ThreadChoice } from "./thread-count.ts";

/** The thread choice a generated module's run will make (as runTraining would), starting its workers when it is more than one. */
export function prestartDataParallel(definition: ModelDefinition, moduleUrl: string, requested?: number): ThreadChoice {
  const parameterCount = definition.tensors.reduce((a, t) => a + (t.buffer === "params" ? t.size : 0), 0);
  const choice = chooseThreads({ definition, parameterCount, replicable: true, sharedBatch: true }, requested);
  if (choice.threads > 1) prestartWorkers(choice.threads - 1, moduleUrl);
  return choice;
}
