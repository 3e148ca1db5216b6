/**
 * How many threads a run trains on, and why, said once in the run's result (and by `nnc train`).
 * `threads` (the `--threads` option) or else NNC_THREADS=N asks for N; without either, a model whose
 * batch can be split gets one thread per core (at most AUTO_MAX) when each thread still has at least
 * MIN_ROWS rows and enough arithmetic per step that waking a worker is worth it. A model whose batch
 * cannot be split (batch norm, dropout, …) trains on one thread, but its large products and
 * convolutions use helper threads (runtime/wasm/threads.ts), as many as asked for or one per core:
 * on the 2-core machine of README.md, "Performance", that made the fashion-cnn step 1.6× faster.
 */
import { Arena, arenaOf } from "../arena.ts";
import { environment, inNode, nodeOs } from "../node.ts";
import type { CompiledModel, ModelDefinition } from "../contract.ts";

/** Threads chosen without a request; more would spend more time in the (serial) gradient reduction than they save. */
const AUTO_MAX = 4;
/** Fewer rows per thread and the packing of the weights dominates each GEMM. */
const MIN_ROWS = 16;
/**
 * Flops of one thread's share of a step (≈ 6 · parameters · rows for dense layers; convolutions do more),
 * below which another thread does not pay: handing a shard to a worker and back costs ~20–50 µs.
 */
const MIN_THREAD_FLOPS = 4e6;

export interface ThreadChoice {
  /** Data-parallel threads (runtime/parallel). */
  readonly threads: number;
  /** Threads each large product or convolution may use when the batch is not split (1 with data-parallel workers). */
  readonly kernelThreads: number;
  /** Why: what was asked for, or what kept the run on one thread. */
  readonly reason: string;
}

/** Cores this process may use: Node's count, or the browser's navigator.hardwareConcurrency. */
function coreCount(): number {
  if (inNode) return nodeOs("counting cores").availableParallelism();
  return Math.max(1, (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1);
}

/** NNC_THREADS as a thread count, or undefined when unset or not a positive integer. */
export function threadsFromEnvironment(): number | undefined {
  const env = environment("NNC_THREADS");
  if (env === undefined || env === "") return undefined;
  const n = Number(env);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

/** What the choice looks at; a generated module's DEFINITION and parameter count are enough, before any model exists. */
export interface ThreadInputs {
  readonly definition: ModelDefinition;
  readonly parameterCount: number;
  /** The model can build replicas (generated code does). */
  readonly replicable: boolean;
  /** The batch buffers can live in the model's shared memory (the loop arranges it when the model's buffers do). */
  readonly sharedBatch: boolean;
  /** The model's arena so far and the bytes each replica adds to it, when known: replicas share its 4 GiB. */
  readonly memory?: { readonly used: number; readonly perReplica: number };
}

/** Kept free in the arena for the kernels' run-time workspace (as the checker's WORKSPACE_RESERVE). */
const WORKSPACE_RESERVE = 128 * 1024 * 1024;

/** How many threads' replicas fit in the memory the model's arena may still grow into (at least 1). */
function threadsThatFit(inputs: ThreadInputs): number {
  if (inputs.memory === undefined || inputs.memory.perReplica <= 0) return Infinity;
  const free = Arena.MAX_BYTES - WORKSPACE_RESERVE - inputs.memory.used;
  return 1 + Math.max(0, Math.floor(free / inputs.memory.perReplica));
}

/** The inputs for a model about to train. */
export function threadInputsOf(model: CompiledModel, sharedBatch: boolean): ThreadInputs {
  const arena = arenaOf(model.params);
  const memory = arena !== null && model.replication ? { used: arena.used, perReplica: model.replication.bytes } : undefined;
  return {
    definition: model.definition,
    parameterCount: model.params.length,
    replicable: !!model.replicate && !!model.replication,
    sharedBatch,
    memory,
  };
}

export function chooseThreads(inputs: ThreadInputs, requested: number | undefined): ThreadChoice {
  const T = inputs.definition.training;
  const asked = requested ?? threadsFromEnvironment();
  const source = requested !== undefined ? `--threads ${requested}` : `NNC_THREADS=${asked}`;
  if (asked === 1) return { threads: 1, kernelThreads: 1, reason: `1 thread (${source})` };
  const blocker = T.fullBatch
    ? "L-BFGS evaluates the full-batch objective in one closure"
    : (T.unshardable ??
      (!inputs.replicable
        ? "the model was not generated with data-parallel support"
        : !inputs.sharedBatch
          ? "its buffers are not in a shared WebAssembly memory"
          : undefined));
  const cores = coreCount();
  if (blocker !== undefined) {
    const kernelThreads = asked ?? Math.min(cores, AUTO_MAX);
    const helpers =
      kernelThreads > 1
        ? `; large products and convolutions use ${kernelThreads} threads (${asked !== undefined ? source : `${cores} cores`})`
        : "";
    return { threads: 1, kernelThreads, reason: `1 thread: ${blocker}, so batches are not split across threads${helpers}` };
  }
  // Each extra thread's replica (its gradients and activations) is laid out in the same 4 GiB memory.
  const fit = threadsThatFit(inputs);
  const memoryNote = (threads: number, wanted: number) =>
    threads < wanted && threads === fit ? `, as many as fit in WebAssembly's 4 GiB beside the model` : "";
  if (asked !== undefined) {
    const byRows = Math.min(asked, T.batchSize);
    const threads = Math.min(byRows, fit);
    if (threads === 1 && asked > 1)
      return {
        threads: 1,
        kernelThreads: 1,
        reason: `1 thread (${source}, but a second replica of this model does not fit in WebAssembly's 4 GiB beside it)`,
      };
    return {
      threads,
      kernelThreads: 1,
      reason: `${threads} data-parallel threads (${source}${byRows < asked ? `, at most one per row of the batch of ${T.batchSize}` : ""}${memoryNote(threads, byRows)})`,
    };
  }
  const flops = 6 * inputs.parameterCount * T.batchSize;
  const wanted = Math.min(cores, AUTO_MAX, Math.floor(T.batchSize / MIN_ROWS), Math.max(1, Math.floor(flops / MIN_THREAD_FLOPS)));
  const threads = Math.min(wanted, fit);
  if (threads > 1)
    return { threads, kernelThreads: 1, reason: `${threads} data-parallel threads (${cores} cores${memoryNote(threads, wanted)})` };
  if (wanted > 1)
    return {
      threads: 1,
      kernelThreads: 1,
      reason: "1 thread: a second replica of this model does not fit in WebAssembly's 4 GiB beside it",
    };
  const why =
    cores < 2
      ? "one core"
      : T.batchSize < 2 * MIN_ROWS
        ? `a batch of ${T.batchSize} rows is too small to split (${2 * MIN_ROWS} or more)`
        : "a step is too little work to split";
  return { threads: 1, kernelThreads: 1, reason: `1 thread: ${why}` };
}
