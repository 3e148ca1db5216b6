/**
 * The worker's side of a step, on any platform: the Node worker thread (worker.ts) and the browser's Web
 * Worker (web-worker.ts) differ only in how the attach message reaches them; both build the replica and
 * its view of the batch with these functions, compute their shards with `serveStep` and their ranges of
 * the optimizer step with `serveUpdate`.
 */
import type { GeneratedModule } from "../generated-module.ts";
import { Arena } from "../arena.ts";
import type { CompiledModel } from "../contract.ts";
import type { FloatArray } from "../types.ts";
import {
  CORRECT,
  FINITE,
  FROM,
  GRAD_MUL,
  LOSS,
  READY,
  REDUCE,
  ROW0,
  ROWS,
  RUNNING,
  STATE,
  STEP,
  TO,
  UPDATE,
  UPDATING,
  readUpdateStep,
  type AttachMessage,
} from "./control.ts";
import { updateParamRange } from "./update-range.ts";
import { shardCorrect, shardLossAndGradient, type SharedBatch } from "./shard.ts";
import { post, type ControlBlock } from "./signal.ts";

/** What a worker needs of a generated module. */
export type ReplicaSource = Pick<GeneratedModule, "SEED" | "Model">;

/** The replica a worker builds for an attach message, and what it steps over. */
export interface Attached {
  readonly replica: CompiledModel;
  readonly batch: SharedBatch;
  readonly classification: boolean;
  /** The model's gradients and every replica's (replica k at k − 1), which a range of the update reads. */
  readonly grads: FloatArray;
  readonly replicaGrads: readonly FloatArray[];
}

/**
 * After handing back a shard or a range of the update, a worker polls for the next hand-over this long
 * before it sleeps: the range comes when the training thread's own shard is done, the next step after the
 * training thread's serial part (the step's values, the next batch, its zeroed gradients), sooner than a
 * sleeping thread wakes. B1 on 2 threads, 3 runs each: 1.45–1.62 s without polling on either side,
 * 1.39–1.49 s with this and the training thread's (signal.ts), measured before the update was split.
 */
export const POLL_MS = 1;

export function attachReplica(module: ReplicaSource, m: AttachMessage): Attached {
  const replica = new module.Model(module.SEED, m.placement);
  const arena = Arena.of(m.placement.memory);
  const grads = (at: number) => arena.floatsAt(m.precision, at, m.grads.length);
  return {
    replica,
    batch: sharedBatch(m),
    classification: replica.definition.task === "classification",
    grads: grads(m.grads.model),
    replicaGrads: m.grads.replicas.map(grads),
  };
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

/**
 * In state UPDATE: claims the range of the optimizer step (the training thread may take it back first),
 * adds the replicas' gradients into the model's over it, updates it, says whether it is finite and hands back.
 */
export function serveUpdate(block: ControlBlock, a: Attached | undefined): void {
  const { ints, floats } = block;
  if (Atomics.compareExchange(ints, STATE, UPDATE, UPDATING) !== UPDATE) return;
  if (!a) throw new Error("internal: an update before any replica was attached");
  const finite = updateParamRange(a.replica, a.grads, a.replicaGrads, ints[REDUCE], readUpdateStep(floats), ints[FROM], ints[TO]);
  ints[FINITE] = finite ? 1 : 0;
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
