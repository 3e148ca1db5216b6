/**
 * Data-parallel workers in a browser: Web Workers over the model's shared WebAssembly memory, with the
 * control blocks and protocol of Node's worker threads (control.ts, data-parallel.ts). Two differences:
 *
 * - A Web Worker has no synchronous receive, so an idle worker (EMPTY) waits in its event loop, where its
 *   attach message arrives; it blocks in Atomics.wait only from READY until DETACH, then returns there.
 * - A Web Worker cannot import a generated module by URL once a bundler has merged it into a chunk with
 *   the rest of the page, so each generated model class has its own worker script, which imports it and
 *   calls serveReplicas (web-worker.ts). The Vite plugin appends that registration to every compiled
 *   spec; a page built another way may register its own script (docs/browser.md).
 *
 * A browser also starts a worker only when the page's (or the parent worker's) event loop runs, and
 * training blocks that loop; so `trainModel` starts the workers and waits for them before the run
 * (startWebWorkers). Threads need a cross-origin isolated page (SharedArrayBuffer may not reach a worker
 * otherwise) and a training thread that may block (not the page's main thread); without them a run
 * trains on one thread and its result says why.
 */
import type { CompiledModel } from "../contract.ts";
import { ATTACH, CONTROL_BYTES, DETACH, EMPTY, FAILED, READY, STATE, type AttachMessage } from "./control.ts";
import { post, waitWhile, type ControlBlock, type WorkerPool } from "./signal.ts";
import type { ThreadChoice } from "./thread-count.ts";

/** Bytes after the control block where a failing worker leaves its message (UTF-8; Int32 length first). */
export const ERROR_BYTES = 2048;
/** More idle workers than this are terminated instead of kept. */
const MAX_IDLE = 8;
/** How long startWebWorkers waits for a worker's script to load before training starts without it. */
const START_TIMEOUT_MS = 15_000;

/** A generated Model class: the key under which its worker script is registered. */
type ModelClass = abstract new (...args: never[]) => CompiledModel;

const scripts = new Map<ModelClass, () => Worker>();

/**
 * Registers how to start a Web Worker that builds replicas of `model` (a generated Model class): `start`
 * returns a new Worker running a script that imports the generated module and calls
 * `serveReplicas(module)`. The Vite plugin emits this call for every spec it compiles.
 */
export function registerReplicaWorker(model: ModelClass, start: () => Worker): void {
  scripts.set(model, start);
}

interface WebPoolWorker extends ControlBlock {
  readonly worker: Worker;
  readonly model: ModelClass;
  /** Resolves when the worker's script has loaded (undefined) or failed to (its error). */
  readonly started: Promise<string | undefined>;
  startError: string | undefined;
}

const idle: WebPoolWorker[] = [];

function classOf(model: CompiledModel): ModelClass {
  return model.constructor as ModelClass;
}

function spawn(model: ModelClass): WebPoolWorker {
  const start = scripts.get(model);
  if (!start) throw new Error("internal: no replica worker is registered for this model");
  const control = new SharedArrayBuffer(CONTROL_BYTES + 4 + ERROR_BYTES);
  const worker = start();
  let settle: (error: string | undefined) => void = () => {};
  const started = new Promise<string | undefined>((resolve) => (settle = resolve));
  const w: WebPoolWorker = {
    ints: new Int32Array(control, 0, CONTROL_BYTES / 4),
    floats: new Float64Array(control, 0, CONTROL_BYTES / 8),
    worker,
    model,
    started,
    startError: undefined,
  };
  worker.addEventListener("message", (e: MessageEvent) => {
    if (e.data?.kind === "started") settle(undefined);
  });
  worker.addEventListener("error", (e: ErrorEvent) => {
    w.startError ??= `the worker script failed: ${e.message || "it could not be loaded"}`;
    settle(w.startError);
    // Its control block says nothing yet; FAILED lets a run that handed it a shard take the shard back.
    post(w, FAILED);
  });
  worker.postMessage({ kind: "start", control });
  return w;
}

/**
 * Makes `count` idle workers for `model` exist and waits until their scripts have loaded (at most
 * START_TIMEOUT_MS); returns why one could not start, if one could not.
 */
export async function startWebWorkers(model: CompiledModel, count: number): Promise<string | undefined> {
  const kind = classOf(model);
  const mine = idle.filter((w) => w.model === kind);
  for (let i = mine.length; i < count; i++) {
    const w = spawn(kind);
    idle.push(w);
    mine.push(w);
  }
  const timeout = new Promise<string>((resolve) =>
    setTimeout(() => resolve(`a worker did not start within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS),
  );
  const results = await Promise.all(mine.slice(0, count).map((w) => Promise.race([w.started, timeout])));
  return results.find((r) => r !== undefined);
}

function take(count: number, model: CompiledModel): WebPoolWorker[] {
  const kind = classOf(model);
  const out: WebPoolWorker[] = [];
  for (let i = 0; i < idle.length && out.length < count;) {
    const w = idle[i];
    const state = Atomics.load(w.ints, STATE);
    if (w.model === kind && state === READY) post(w, DETACH);
    if (w.model === kind && (state === READY || state === DETACH || state === EMPTY)) {
      idle.splice(i, 1);
      waitWhile(w, DETACH);
      out.push(w);
    } else i++;
  }
  while (out.length < count) out.push(spawn(kind));
  return out;
}

function attach(w: WebPoolWorker, message: AttachMessage): void {
  if (Atomics.compareExchange(w.ints, STATE, EMPTY, ATTACH) !== EMPTY) {
    if (Atomics.load(w.ints, STATE) === FAILED) return;
    throw new Error(`internal: attaching a worker in state ${Atomics.load(w.ints, STATE)}`);
  }
  w.worker.postMessage(message);
}

function release(w: WebPoolWorker): void {
  const state = Atomics.load(w.ints, STATE);
  if (state === FAILED || idle.length >= MAX_IDLE) {
    w.worker.terminate();
    return;
  }
  if (state === READY) post(w, DETACH);
  idle.push(w);
}

function failure(w: WebPoolWorker): string {
  if (w.startError !== undefined) return w.startError;
  const length = new Int32Array(w.ints.buffer, CONTROL_BYTES, 1)[0];
  if (length <= 0) return "the worker stopped without a message";
  // TextDecoder will not read a view of shared memory; copy the bytes out first.
  return new TextDecoder().decode(new Uint8Array(w.ints.buffer, CONTROL_BYTES + 4, length).slice());
}

/** The pool DataParallel uses in a browser. */
export const webPool: WorkerPool<WebPoolWorker> = { take, attach, release, failure };

/** Why this browser context cannot train `model` on several threads, or undefined when it can. */
export function webThreadBlocker(model: CompiledModel): string | undefined {
  const g = globalThis as { crossOriginIsolated?: boolean; Worker?: unknown; WorkerGlobalScope?: unknown; document?: unknown };
  if (g.WorkerGlobalScope === undefined && g.document !== undefined) {
    return "train() runs on the page's main thread, where Atomics.wait is not allowed (call it in a Web Worker to use several threads)";
  }
  if (g.crossOriginIsolated !== true) {
    return "the page is not cross-origin isolated, so workers cannot share memory (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)";
  }
  if (typeof g.Worker !== "function") return "this context cannot start Web Workers";
  if (!scripts.has(classOf(model))) {
    return "no Web Worker script is registered for this model (the nnc Vite plugin registers one; see docs/browser.md)";
  }
  return undefined;
}

/**
 * The thread choice for a browser: the same as in Node where the page allows threads, else one thread
 * and why; large products never use helper threads here (runtime/wasm/threads.ts is Node's).
 */
export function browserThreadChoice(choice: ThreadChoice, model: CompiledModel): ThreadChoice {
  if (choice.threads <= 1 && choice.kernelThreads <= 1) return choice;
  const blocker = choice.threads > 1 ? webThreadBlocker(model) : "in a browser, large products and convolutions run on the training thread";
  if (blocker === undefined) return choice;
  return { threads: 1, kernelThreads: 1, reason: `1 thread: ${blocker}` };
}
