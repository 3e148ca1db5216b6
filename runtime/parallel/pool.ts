/**
 * Node's data-parallel worker threads (worker_threads), kept for the life of the process: starting one costs a few hundred
 * milliseconds (a fresh V8 isolate loading TypeScript through tsx), so a run hands its workers back when
 * it ends and the next run attaches new replicas to them. Workers are unref'd and block in Atomics.wait
 * between jobs, so they never keep the process alive.
 */
import type { MessagePort, Worker } from "node:worker_threads";
import { environmentCopy, nodeWorkerThreads } from "../node.ts";
import { ATTACH, CONTROL_BYTES, DETACH, EMPTY, FAILED, PRELOAD, READY, STATE, type AttachMessage, type PreloadMessage } from "./control.ts";
import { post, waitWhile, type ControlBlock, type WorkerPool } from "./signal.ts";

export interface PoolWorker extends ControlBlock {
  readonly port: MessagePort;
  readonly thread: Worker;
}

/**
 * The worker's script, named through a variable: a bundler for browsers (Vite) would otherwise take
 * `new Worker(new URL("…", import.meta.url))` for a Web Worker and bundle this Node-only file.
 */
const WORKER_ENTRY = "./worker-entry.js";

/** Workers no run is using, in any state but FAILED (one may still be building the replica of a run that ended). */
const idle: PoolWorker[] = [];
/** More idle workers than this are stopped instead of kept. */
const MAX_IDLE = 8;

function spawn(): PoolWorker {
  const { MessageChannel, Worker } = nodeWorkerThreads("data-parallel worker threads");
  const sab = new SharedArrayBuffer(CONTROL_BYTES);
  const ints = new Int32Array(sab);
  const { port1, port2 } = new MessageChannel();
  // GEMM helper threads inside a worker would compete with the other workers for the same cores.
  const thread = new Worker(new URL(WORKER_ENTRY, import.meta.url), {
    workerData: { control: sab, port: port2 },
    transferList: [port2],
    env: { ...environmentCopy(), NNC_THREADS: "1" },
  });
  thread.unref();
  port1.unref();
  // A worker that dies reports nothing through its control block; the run keeps computing its shards on
  // the training thread, and the 'error' event must not become an uncaught exception.
  thread.on("error", () => {});
  return { ints, floats: new Float64Array(sab), port: port1, thread };
}

/**
 * Makes `count` idle workers exist and has the free ones import `moduleUrl` now, so that a run starting
 * soon (`nnc train` calls this before it loads the data) finds them started with the module loaded.
 */
export function prestartWorkers(count: number, moduleUrl: string): void {
  while (idle.length < count) idle.push(spawn());
  for (const w of idle.slice(0, count)) {
    if (Atomics.load(w.ints, STATE) !== EMPTY) continue;
    w.port.postMessage({ kind: "preload", moduleUrl } satisfies PreloadMessage);
    post(w, PRELOAD);
  }
}

/** `count` workers, reusing idle ones that are free (EMPTY, preloading, or READY with a stale replica); the rest are new. */
export function takeWorkers(count: number): PoolWorker[] {
  const out: PoolWorker[] = [];
  for (let i = 0; i < idle.length && out.length < count;) {
    const w = idle[i];
    const state = Atomics.load(w.ints, STATE);
    if (state === READY) post(w, DETACH);
    if (state === READY || state === DETACH || state === EMPTY || state === PRELOAD) {
      idle.splice(i, 1);
      waitWhile(w, DETACH);
      out.push(w);
    } else i++;
  }
  while (out.length < count) out.push(spawn());
  return out;
}

/** Starts building a replica in `w` (EMPTY or PRELOAD, as takeWorkers leaves it); returns at once. */
export function attach(w: PoolWorker, message: AttachMessage): void {
  w.port.postMessage(message);
  // The worker may be finishing a preload (PRELOAD → EMPTY) at this very moment.
  for (;;) {
    const s = Atomics.load(w.ints, STATE);
    if (s !== EMPTY && s !== PRELOAD) throw new Error(`internal: attaching a worker in state ${s}`);
    if (Atomics.compareExchange(w.ints, STATE, s, ATTACH) === s) break;
  }
  Atomics.notify(w.ints, STATE);
}

/** Gives a run's worker back: its replica is dropped (now, or once it is built) and it waits for the next run. */
export function release(w: PoolWorker): void {
  const state = Atomics.load(w.ints, STATE);
  if (state === FAILED || idle.length >= MAX_IDLE) {
    void w.thread.terminate();
    return;
  }
  if (state === READY) post(w, DETACH);
  idle.push(w);
}

/** The error a FAILED worker posted. */
export function failure(w: PoolWorker): string {
  const m = nodeWorkerThreads("data-parallel worker threads").receiveMessageOnPort(w.port)?.message as { error?: string } | undefined;
  return m?.error ?? "the worker stopped without a message";
}

/** The pool DataParallel uses in Node. */
export const nodePool: WorkerPool<PoolWorker> = { take: (count) => takeWorkers(count), attach, release, failure };
