import { MessageChannel, Worker, type MessagePort } from "node:worker_threads";

/*
 * Helper threads for the SIMD GEMM. Each helper is a worker blocked in Atomics.wait on its own
 * control block (an Int32Array over a SharedArrayBuffer); the main thread writes a job's arguments
 * there, flips the state word and notifies, runs its own share, then waits for the state to drop
 * back to idle. No message passing per call, so a job costs a wake-up (tens of µs), not an event-loop
 * round trip. Memories and the compiled module reach a helper once per Arena, through a
 * MessageChannel the helper drains synchronously (receiveMessageOnPort) when told to attach.
 *
 * NNC_THREADS=N sets the number of threads. The default is 1: on the shared 2-core machine this was
 * measured on, waking a helper cost more than it saved (B1 epoch 2.8 s on one thread, 3.4 s on two;
 * README.md, "Performance"), so helpers are opt-in until a measurement says otherwise.
 */

const IDLE = 0, ATTACH = 1, RUN = 2;
/** Control block: [state, instance id, 16 gemm arguments]. */
const CTL_INTS = 18;

/** The helper's whole program; plain JS so the worker needs no TypeScript loader. */
const HELPER_SOURCE = `
const { workerData, receiveMessageOnPort } = require("node:worker_threads");
const { ctl, port } = workerData;
const kernels = new Map();
for (;;) {
  Atomics.wait(ctl, 0, ${IDLE});
  const state = Atomics.load(ctl, 0);
  if (state === ${ATTACH}) {
    const m = receiveMessageOnPort(port).message;
    kernels.set(m.id, new WebAssembly.Instance(m.module, { env: { memory: m.memory } }).exports.gemm);
  } else if (state === ${RUN}) {
    const a = ctl;
    kernels.get(a[1])(a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17]);
  }
  Atomics.store(ctl, 0, ${IDLE});
  Atomics.notify(ctl, 0);
}
`;

interface Helper {
  readonly ctl: Int32Array;
  readonly port: MessagePort;
  /** Instance ids (one per memory) this helper has attached. */
  readonly attached: Set<number>;
}

function threadCount(): number {
  const env = typeof process !== "undefined" ? process.env?.NNC_THREADS : undefined;
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
    const ctl = new Int32Array(new SharedArrayBuffer(4 * CTL_INTS));
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(HELPER_SOURCE, { eval: true, workerData: { ctl, port: port2 }, transferList: [port2] });
    worker.unref();
    port1.unref();
    helpers.push({ ctl, port: port1, attached: new Set() });
  }
  return helpers[t - 1];
}

function waitIdle(ctl: Int32Array): void {
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

/** Makes helper `t` (1-based; 0 is the caller) hold an instance of `module` over `memory`, known as `id`. */
export function attachHelper(t: number, id: number, module: WebAssembly.Module, memory: WebAssembly.Memory): void {
  const h = helper(t);
  if (h.attached.has(id)) return;
  h.port.postMessage({ id, module, memory });
  post(h.ctl, ATTACH);
  waitIdle(h.ctl);
  h.attached.add(id);
}

/** Starts gemm(args) on helper `t` for instance `id`; returns at once. */
export function startOnHelper(t: number, id: number, args: readonly number[]): void {
  const ctl = helper(t).ctl;
  ctl[1] = id;
  for (let i = 0; i < 16; i++) ctl[2 + i] = args[i];
  post(ctl, RUN);
}

/** Blocks until helper `t` has finished its job. */
export function joinHelper(t: number): void {
  waitIdle(helper(t).ctl);
}
