/**
 * One shard of a training batch: rows [row0, row0 + rows) through one model (the primary, a stand-in
 * replica on the training thread, or a worker's replica). The same code runs in every thread, so a shard's
 * numbers do not depend on which thread computed it.
 */
import { countCorrect } from "../kernels/losses.ts";
import type { CompiledModel } from "../contract.ts";
import type { FloatArray } from "../types.ts";

/** The batch buffers, in the shared memory, with room for `capacity` rows. */
export interface SharedBatch {
  readonly x: FloatArray;
  readonly labels: Int32Array;
  readonly targets: FloatArray;
  readonly capacity: number;
}

/**
 * Shard 0 runs on the training thread, which also does the step's serial part (the next batch, zeroing
 * the gradients, the step's values), yet it takes the larger shard: a worker pays for every step's traffic
 * between cores — it reads weights the training thread has just updated and rewrites gradients the
 * training thread has just read (about 2 MB a step for B1) — and that costs it more than the serial part
 * costs the training thread. Measured on B1 with 2 threads (the step loop of bench/b1-threads.ts, idle
 * 2-core machine), when the reduction, update and finite check were serial too: a share of 0.75 left the
 * training thread waiting ~0.45 ms a step for its worker, 1.73–1.88 s an epoch; 1.0 gave 1.62–1.79 s;
 * 1.25 gave 1.45–1.59 s; 1.5 and 1.75 were slower again. With those split by range on every thread
 * (update-range.ts), 1.0 and 1.125 were not faster than 1.25 (six epochs each, within each other's spread).
 * The split is a fixed function of n and the shard count, so it never makes results depend on timing.
 */
const TRAINING_THREAD_SHARE = 1.25;
/** Shard boundaries fall on multiples of the GEMM's row tile where they can, so no shard has a ragged edge tile it need not have. */
const ROW_TILE = 4;

/** First row of shard k (k = shards gives n) of a batch of n rows. */
export function shardStart(n: number, shards: number, k: number): number {
  if (k <= 0) return 0;
  if (k >= shards) return n;
  const weight = TRAINING_THREAD_SHARE + (k - 1);
  const total = TRAINING_THREAD_SHARE + (shards - 1);
  return Math.min(n, ROW_TILE * Math.round((n * weight) / total / ROW_TILE));
}

/** Rows of shard k (possibly 0 for a short batch). */
export function shardRows(n: number, shards: number, k: number): number {
  return shardStart(n, shards, k + 1) - shardStart(n, shards, k);
}

/**
 * Adds the shard's gradient of the mean loss over the shard, times gradMul, to `model.grads` and returns
 * that mean loss. The caller scales gradMul by rows/n so the shards' gradients sum to the whole batch's.
 */
export function shardLossAndGradient(model: CompiledModel, batch: SharedBatch, row0: number, rows: number, gradMul: number): number {
  const x = batch.x.subarray((row0 * batch.x.length) / batch.capacity);
  const labels = batch.labels.subarray((row0 * batch.labels.length) / batch.capacity);
  const targets = batch.targets.subarray((row0 * batch.targets.length) / batch.capacity);
  return model.lossAndGradient(x, labels, targets, rows, gradMul);
}

/** Correct predictions of the shard's last forward pass (classification). */
export function shardCorrect(model: CompiledModel, batch: SharedBatch, row0: number, rows: number): number {
  return countCorrect(rows, model.definition.outputSize, model.forwardOutput(), 0, batch.labels, row0);
}
