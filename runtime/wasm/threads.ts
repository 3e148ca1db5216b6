import type { MessagePort, Worker } from "node:worker_threads";
import { environment, nodeWorkerThreads } from "../node.ts";

/*
 * Helper threads for the SIMD kernels. Each helper is a worker blocked in Atomics.wait on its own
 * control block (an Int32Array over a SharedArrayBuffer); the main thread writes a job there — a short
 * program of kernel calls (instance id, export index, arguments) — flips the state word and notifies,
 * runs its own share, then waits for the state to drop back to idle. Both sides watch the state word for
 * SPIN_MS before they block, so back-to-back jobs skip the wake-up. No message passing per job, so a
 * job costs at most a wake-up, not an event-loop round trip. A kernel module's instance over an
 * Arena's memory reaches a helper once, through a MessageChannel the helper drains synchronously
 * (receiveMessageOnPort) when told to attach. Users: the GEMM (one call: a slice of the columns) and
 * the batched convolution (a slice of the batch: im2col, products and axis swaps, chunk by chunk).
 *
 * NNC_THREADS=N sets the number of threads; runtime/train/loop.ts also turns them on for a training run
 * whose batches cannot be split across data-parallel workers (README.md, "Performance").
 */

const IDLE = 0,
  ATTACH = 1,
  RUN = 2;
/** Control block: [state, program length (after a run: 0, or −1 when a call threw), program…]. */
const PROGRAM_INTS = 32_768;
const CTL_INTS = 2 + PROGRAM_INTS;

/**
 * Milliseconds a helper watches its control block after a job before it sleeps in Atomics.wait, and the calling
 * thread watches for a helper to finish before it does. A training step posts dozens of jobs back to back, and
 * waking a sleeping thread on this 2-core VM took 100–160 µs a job; watching took the fashion-cnn step from 78.5
 * to 75.8 ms and the ResNet-20 step from 230 to 217 ms (three alternating runs each, `nnc train --profile`).
 */
const SPIN_MS = 1;

/** The helper's whole program; plain JS so the worker needs no TypeScript loader. */
const HELPER_SOURCE = `
const { workerData, receiveMessageOnPort } = process.getBuiltinModule("node:worker_threads");
const { ctl, port } = workerData;
const kernels = new Map();
// One argument array per count, reused: a ResNet-20 step makes about 8,000 calls here.
const argsOf = [];
for (;;) {
  for (const until = performance.now() + ${SPIN_MS}; Atomics.load(ctl, 0) === ${IDLE} && performance.now() < until; );
  Atomics.wait(ctl, 0, ${IDLE});
  const state = Atomics.load(ctl, 0);
  // Messages: instances to attach, and ids whose memory the main thread no longer uses (dropping them
  // lets that memory be freed).
  for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
    if (m.message.detach !== undefined) {
      kernels.delete(m.message.detach);
    } else {
      const exports = new WebAssembly.Instance(m.message.module, { env: { memory: m.message.memory } }).exports;
      kernels.set(m.message.id, m.message.names.map((name) => exports[name]));
    }
  }
  if (state === ${RUN}) {
    try {
      const end = 2 + ctl[1];
      for (let p = 2; p < end; ) {
        const fn = kernels.get(ctl[p])[ctl[p + 1]];
        const argc = ctl[p + 2];
        // A plain array: apply over Array.prototype.slice of the shared Int32Array took 550 ns a call, this 35.
        const args = (argsOf[argc] ??= new Array(argc));
        for (let i = 0; i < argc; i++) args[i] = ctl[p + 3 + i];
        fn.apply(null, args);
        p += 3 + argc;
      }
      ctl[1] = 0;
    } catch (e) {
      ctl[1] = -1;
    }
  }
  Atomics.store(ctl, 0, ${IDLE});
  Atomics.notify(ctl, 0);
}
`;

/** A job for one thread: kernel calls in order, each as (instance id, export index, argument count, arguments). */
export class KernelProgram {
  readonly ints: number[] = [];

  call(id: number, fn: number, args: readonly number[]): void {
    this.ints.push(id, fn, args.length, ...args);
  }
}

interface Helper {
  readonly worker: Worker;
  readonly ctl: Int32Array;
  readonly port: MessagePort;
  /** Instance ids (one per memory) this helper has attached. */
  readonly attached: Set<number>;
}

function threadCount(): number {
  const env = environment("NNC_THREADS");
  if (env !== undefined && env !== "") {
    const n = Number(env);
    if (Number.isInteger(n) && n >= 1) return n;
  }
  return 1;
}

let gemmThreadCount = threadCount();

/** Threads a GEMM may use, the calling thread included. */
export function gemmThreads(): number {
  return gemmThreadCount;
}

/** Sets the GEMM thread count (the calling thread included; 1 = single-threaded), e.g. for benchmarks. */
export function setGemmThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`GEMM thread count must be an integer >= 1, got ${n}`);
  gemmThreadCount = n;
}

const helpers: Helper[] = [];

/** Helper t (1-based), started on first use. */
function helper(t: number): Helper {
  while (helpers.length < t) {
    // Helper threads are Node worker threads; in a browser, runtime/parallel/thread-count.ts keeps this at one thread.
    const { MessageChannel, Worker } = nodeWorkerThreads("kernel helper threads");
    const ctl = new Int32Array(new SharedArrayBuffer(4 * CTL_INTS));
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(HELPER_SOURCE, { eval: true, workerData: { ctl, port: port2 }, transferList: [port2] });
    worker.unref();
    port1.unref();
    helpers.push({ worker, ctl, port: port1, attached: new Set() });
  }
  return helpers[t - 1];
}

function waitIdle(ctl: Int32Array): void {
  for (const until = performance.now() + SPIN_MS; Atomics.load(ctl, 0) !== IDLE && performance.now() < until;);
  for (;;) {
    const s = Atomics.load(ctl, 0);
    if (s === IDLE) return;
    Atomics.wait(ctl, 0, s);
  }
}

function post(ctl: Int32Array, state: number): void {
  Atomics.store(ctl, 0, state);
  Atomics.notify(ctl, 0);
}

type Kernel = (...args: number[]) => void;

let nextInstanceId = 1;
/**
 * The calling thread's functions of each instance id, for running a program here. Weakly: the tables
 * live as long as their owner (below), because an instance references its memory and the memory
 * keeps its Arena alive (Arena.of), so a strong table here would keep every Arena ever used.
 */
const local = new Map<number, WeakRef<Kernel[]>>();
const tablesOf = new WeakMap<object, { readonly ids: number[]; readonly tables: Kernel[][] }>();
/**
 * When an owner (an Arena) is collected, its instances are dropped here and on the helpers (at their
 * next job), so its memory is freed in a program that trains model after model in one process.
 */
const released = new FinalizationRegistry<number[]>((ids) => {
  for (const id of ids) {
    local.delete(id);
    for (const h of helpers) if (h.attached.delete(id)) h.port.postMessage({ detach: id });
  }
});

/**
 * A new id for an instance of a kernel module over `owner`'s memory, with the exports a program may
 * call (by their index in `names`) on this thread; released when `owner` is collected.
 */
export function registerInstance(owner: object, exports: WebAssembly.Exports, names: readonly string[]): number {
  const id = nextInstanceId++;
  const table = names.map((name) => exports[name] as Kernel);
  let entry = tablesOf.get(owner);
  if (entry === undefined) {
    tablesOf.set(owner, (entry = { ids: [], tables: [] }));
    released.register(owner, entry.ids);
  }
  entry.ids.push(id);
  entry.tables.push(table);
  local.set(id, new WeakRef(table));
  return id;
}

/** Makes helper `t` (1-based; 0 is the caller) hold an instance `id` of `module` over `memory`, exporting `names`. */
export function attachHelper(
  t: number,
  id: number,
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  names: readonly string[],
): void {
  const h = helper(t);
  if (h.attached.has(id)) return;
  h.port.postMessage({ id, module, memory, names });
  post(h.ctl, ATTACH);
  waitIdle(h.ctl);
  h.attached.add(id);
}

/** Whether `program` fits a helper's control block (a batched convolution with many groups may not). */
export function fitsHelper(program: KernelProgram): boolean {
  return program.ints.length <= PROGRAM_INTS;
}

/** Starts `program` on helper `t`; returns at once. */
export function startOnHelper(t: number, program: KernelProgram): void {
  const ctl = helper(t).ctl;
  const p = program.ints;
  if (p.length > PROGRAM_INTS) throw new Error(`internal: a helper program of ${p.length} ints exceeds ${PROGRAM_INTS}`);
  ctl[1] = p.length;
  for (let i = 0; i < p.length; i++) ctl[2 + i] = p[i];
  post(ctl, RUN);
}

/** Runs `program` on the calling thread. */
export function runHere(program: KernelProgram): void {
  const p = program.ints;
  const args: number[] = [];
  for (let i = 0; i < p.length;) {
    const argc = p[i + 2];
    const table = local.get(p[i])?.deref();
    if (table === undefined) throw new Error(`internal: kernel instance ${p[i]} was released`);
    // Into one reused array, not a slice per call: a ResNet-20 step makes about 8,000 calls here.
    args.length = argc;
    for (let a = 0; a < argc; a++) args[a] = p[i + 3 + a];
    table[p[i + 1]].apply(null, args);
    i += 3 + argc;
  }
}

/**
 * Ends every helper thread (new ones start on the next parallel job). A helper's isolate seldom
 * collects garbage, so instances it was told to drop can keep their memories for a long time; the
 * training loop calls this after a run that used helpers, so a process that trains model after model
 * does not keep every model's memory. Only call it while no job is running.
 */
export function stopHelpers(): void {
  for (const h of helpers.splice(0)) {
    h.port.close();
    void h.worker.terminate();
  }
}

/** Blocks until helper `t` has finished its job; throws if a call in it failed. */
export function joinHelper(t: number): void {
  const ctl = helper(t).ctl;
  waitIdle(ctl);
  if (ctl[1] === -1) throw new Error(`internal: a kernel call failed on helper thread ${t}`);
}
