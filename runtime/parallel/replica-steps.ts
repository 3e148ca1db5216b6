/**
 * The worker's side of a step, on any platform: the Node worker thread (worker.ts) and the browser's Web
 * Worker (web-worker.ts) differ only in how the attach message reaches them; both build the replica and
 * its view of the batch with these functions and compute their shards with `serveStep`.
 */
import type { GeneratedModule } from "../generated-module.ts";
import { Arena } from "../arena.ts";
import type { CompiledModel } from "../contract.ts";
import { CORRECT, GRAD_MUL, LOSS, READY, ROW0, ROWS, RUNNING, STATE, STEP, type AttachMessage } from "./control.ts";
import { shardCorrect, shardLossAndGradient, type SharedBatch } from "./shard.ts";
import { post, type ControlBlock } from "./signal.ts";

/** What a worker needs of a generated module. */
export type ReplicaSource = Pick<GeneratedModule, "SEED" | "Model">;

/** The replica a worker builds for an attach message, and what it steps over. */
export interface Attached {
  readonly replica: CompiledModel;
  readonly batch: SharedBatch;
  readonly classification: boolean;
}

/**
 * After handing back a shard, a worker polls for the next step this long before it sleeps: the next
 * step comes after the training thread's serial part (reduction, update, next batch; ~0.35 ms for B1),
 * sooner than a sleeping thread wakes. B1 on 2 threads, 3 runs each: 1.45–1.62 s without polling on
 * either side, 1.39–1.49 s with this and the training thread's (signal.ts).
 */
export const POLL_MS = 1;

export function attachReplica(module: ReplicaSource, m: AttachMessage): Attached {
  const replica = new module.Model(module.SEED, m.placement);
  return { replica, batch: sharedBatch(m), classification: replica.definition.task === "classification" };
}

function sharedBatch(m: AttachMessage): SharedBatch {
  const arena = Arena.of(m.placement.memory);
  const b = m.batch;
  return {
    x: arena.floatsAt(m.precision, b.x, b.xLength),
    labels: arena.intsAt(b.labels, b.labelsLength),
    targets: arena.floatsAt(m.precision, b.targets, b.targetsLength),
    capacity: b.capacity,
  };
}

/**
 * In state STEP: claims the step (the training thread may take it back first; whichever side wins the
 * exchange computes it), computes this worker's shard into the replica's own gradients and hands back.
 */
export function serveStep(block: ControlBlock, a: Attached | undefined): void {
  const { ints, floats } = block;
  if (Atomics.compareExchange(ints, STATE, STEP, RUNNING) !== STEP) return;
  if (!a) throw new Error("internal: a step before any replica was attached");
  const row0 = ints[ROW0];
  const rows = ints[ROWS];
  a.replica.zeroGradients();
  floats[LOSS] = shardLossAndGradient(a.replica, a.batch, row0, rows, floats[GRAD_MUL]);
  ints[CORRECT] = a.classification ? shardCorrect(a.replica, a.batch, row0, rows) : 0;
  post(block, READY);
}

/** Waits for the state to leave `state`: polls for POLL_MS after a step (READY), then sleeps. */
export function awaitChange(ints: Int32Array, state: number): void {
  if (state === READY) {
    const until = performance.now() + POLL_MS;
    while (Atomics.load(ints, STATE) === READY && performance.now() < until);
    if (Atomics.load(ints, STATE) !== READY) return;
  }
  Atomics.wait(ints, STATE, state);
}
