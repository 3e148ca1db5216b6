/**
 * One thread's range of a data-parallel optimizer step. When every shard is done, thread k (the training
 * thread for k = 0) adds the replicas' gradients into the model's over its range of the params, updates
 * that range and checks it is finite; the ranges are cut where the bytes equal those of one whole update
 * (updateCuts). Each element is reduced in the same order k = 1, 2, … and updated alone, so the results
 * do not depend on which thread did a range, and the update no longer waits on one thread.
 */
import type { CompiledModel } from "../contract.ts";
import { allFinite } from "../dispatch/finite.ts";
import { addInto } from "../dispatch/merge.ts";
import type { UpdateStep } from "../optimizers/update-step.ts";
import type { FloatArray } from "../types.ts";

/**
 * Adds the gradients of the replicas in `reduce` (bit k − 1 for replica k, at replicaGrads[k − 1]) into
 * `grads` over [from, to), updates params [from, to) through `model` (the primary or a replica: both see
 * the same params and optimizer state) and returns whether they are all finite afterwards.
 */
export function updateParamRange(
  model: CompiledModel,
  grads: FloatArray,
  replicaGrads: readonly FloatArray[],
  reduce: number,
  step: UpdateStep,
  from: number,
  to: number,
): boolean {
  for (let k = 1; k <= replicaGrads.length; k++)
    if ((reduce & (1 << (k - 1))) !== 0) addInto(replicaGrads[k - 1], from, grads, from, to - from);
  model.updateRange!(step, grads, from, to);
  return allFinite(model.params.subarray(from, to));
}
