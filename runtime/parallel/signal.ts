/**
 * What the training thread and a data-parallel worker share, on any platform: the worker's control
 * block (control.ts) and the Atomics that hand it back and forth; and the contract of a pool of workers,
 * which Node (pool.ts, worker_threads) and browsers (web-pool.ts, Web Workers) each fulfil.
 */
import type { CompiledModel } from "../contract.ts";
import type { AttachMessage } from "./control.ts";
import { STATE } from "./control.ts";

/** A worker's control block as the training thread sees it. */
export interface ControlBlock {
  readonly ints: Int32Array;
  readonly floats: Float64Array;
}

/** Where DataParallel gets its workers. */
export interface WorkerPool<W extends ControlBlock = ControlBlock> {
  /** `count` workers for a run of `model`, reusing idle ones; returns at once (they may still be starting). */
  take(count: number, model: CompiledModel): W[];
  /** Starts building a replica in `w`; returns at once (the worker answers READY or FAILED in its control block). */
  attach(w: W, message: AttachMessage): void;
  /** Gives a run's worker back: its replica is dropped and it waits for the next run. */
  release(w: W): void;
  /** The error a FAILED worker reported. */
  failure(w: W): string;
}

export function post(w: ControlBlock, state: number): void {
  Atomics.store(w.ints, STATE, state);
  Atomics.notify(w.ints, STATE);
}

/** How long the training thread polls a worker's state before it sleeps: about two B1 shards (replica-steps.ts, POLL_MS, has the figures). */
const POLL_MS = 2;

/** Blocks while the worker's state is one of `states`; returns the state it moved to. */
export function waitWhile(w: ControlBlock, ...states: number[]): number {
  const until = performance.now() + POLL_MS;
  for (;;) {
    const s = Atomics.load(w.ints, STATE);
    if (!states.includes(s)) return s;
    if (performance.now() < until) continue;
    Atomics.wait(w.ints, STATE, s);
  }
}
