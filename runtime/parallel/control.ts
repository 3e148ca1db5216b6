/**
 * The control block a data-parallel worker shares with the training thread, one 128-byte
 * SharedArrayBuffer seen as Int32 and Float64 words. For a shard: the first row, the row count and the
 * correct predictions (Int32 1–3), the gradient scale and the loss (Float64 2–3). For a range of the
 * update: its params [from, to), the replicas whose gradients to add first and the answer whether the
 * range is finite (Int32 8–11), and the step's UpdateStep (Float64 6–15). Only the state word (Int32 0)
 * is written by both sides, with Atomics; whoever sets it hands the rest of the block to the other side.
 */
import type { ReplicaPlacement } from "../contract.ts";
import type { UpdateStep } from "../optimizers/update-step.ts";

export const CONTROL_BYTES = 128;

/** Int32 indices. */
export const STATE = 0;
export const ROW0 = 1;
export const ROWS = 2;
export const CORRECT = 3;
export const FROM = 8;
export const TO = 9;
/** Bit k − 1 set: add replica k's gradients into the model's over the range before updating it. */
export const REDUCE = 10;
/** 1 when every param of the range is finite after the update. */
export const FINITE = 11;

/** Float64 indices. */
export const GRAD_MUL = 2;
export const LOSS = 3;
/** The UpdateStep: t, lr, momentum, weight decay, clip value, clip scale, the count of scalars, then up to SCALARS of them. */
const UPDATE_STEP = 6;
const SCALARS = 3;

/** Writes the step's values into the block field by field (no array per step). */
export function writeUpdateStep(floats: Float64Array, s: UpdateStep): void {
  const scalars = s.scalars ?? [];
  if (scalars.length > SCALARS) throw new Error(`internal: an update step carries at most ${SCALARS} scalars across threads`);
  floats[UPDATE_STEP] = s.t;
  floats[UPDATE_STEP + 1] = s.lr;
  floats[UPDATE_STEP + 2] = s.momentum;
  floats[UPDATE_STEP + 3] = s.weightDecay;
  floats[UPDATE_STEP + 4] = s.clipValue;
  floats[UPDATE_STEP + 5] = s.clipScale;
  floats[UPDATE_STEP + 6] = scalars.length;
  for (let i = 0; i < scalars.length; i++) floats[UPDATE_STEP + 7 + i] = scalars[i];
}

export function readUpdateStep(floats: Float64Array): UpdateStep {
  const step = {
    t: floats[UPDATE_STEP],
    lr: floats[UPDATE_STEP + 1],
    momentum: floats[UPDATE_STEP + 2],
    weightDecay: floats[UPDATE_STEP + 3],
    clipValue: floats[UPDATE_STEP + 4],
    clipScale: floats[UPDATE_STEP + 5],
  };
  const count = floats[UPDATE_STEP + 6];
  return count === 0 ? step : { ...step, scalars: Array.from(floats.subarray(UPDATE_STEP + 7, UPDATE_STEP + 7 + count)) };
}

/**
 * States. The training thread moves EMPTY → ATTACH, READY → STEP, READY → UPDATE, READY → DETACH, and
 * takes a step or an update back (STEP or UPDATE → READY) that the worker has not begun; the worker answers.
 */
export const EMPTY = 0;
/** An attach message (AttachMessage) waits on the port; the worker builds its replica, then READY or FAILED. */
export const ATTACH = 1;
export const READY = 2;
/** ROW0, ROWS and GRAD_MUL are set; the worker claims the step (RUNNING) or the training thread takes it back. */
export const STEP = 3;
/** The worker computes, writes LOSS and CORRECT, then READY (or FAILED). */
export const RUNNING = 6;
/** FROM, TO, REDUCE and the UpdateStep are set; the worker claims the range (UPDATING) or the training thread takes it back. */
export const UPDATE = 8;
/** The worker reduces and updates the range, writes FINITE, then READY (or FAILED, the range then partly updated). */
export const UPDATING = 9;
/** The worker drops its replica, then EMPTY. */
export const DETACH = 4;
/** The worker posted an error message on the port and takes no more work. */
export const FAILED = 5;
/**
 * A PreloadMessage waits on the port: the worker imports that module, so that a later attach finds it
 * loaded, then EMPTY. The training thread may replace PRELOAD by ATTACH at any time.
 */
export const PRELOAD = 7;

export interface PreloadMessage {
  readonly kind: "preload";
  readonly moduleUrl: string;
}

/** What a worker needs to build a replica and see the batch: all byte offsets into `placement.memory`. */
export interface AttachMessage {
  readonly kind: "attach";
  readonly moduleUrl: string;
  readonly placement: ReplicaPlacement;
  readonly precision: "f32" | "f64";
  readonly batch: {
    readonly capacity: number;
    readonly x: number;
    readonly xLength: number;
    readonly labels: number;
    readonly labelsLength: number;
    readonly targets: number;
    readonly targetsLength: number;
  };
  /** Byte offsets of the model's gradients and of every replica's (replica k at k − 1), for ranges of the update. */
  readonly grads: { readonly model: number; readonly replicas: readonly number[]; readonly length: number };
}
