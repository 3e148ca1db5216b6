/**
 * One shard of a training batch: rows [row0, row0 + rows) through one model (the primary, a stand-in
 * replica on the training thread, or a worker's replica). The same code runs in every thread, so a shard's
 * numbers do not depend on which thread computed it.
 */
import { countCorrect } from "../kernels/losses.ts";
import type { CompiledModel } from "../train/model.ts";
import type { FloatArray } from "../types.ts";

/** The batch buffers, in the shared memory, with room for `capacity` rows. */
export interface SharedBatch {
  readonly x: FloatArray;
  readonly labels: Int32Array;
  readonly targets: FloatArray;
  readonly capacity: number;
}

/** First row of shard k when n rows are split into `shards` near-equal runs (the first n mod shards get one more). */
export function shardStart(n: number, shards: number, k: number): number {
  return k * Math.floor(n / shards) + Math.min(k, n % shards);
}

export function shardRows(n: number, shards: number, k: number): number {
  return Math.floor(n / shards) + (k < n % shards ? 1 : 0);
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
