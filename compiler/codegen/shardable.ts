/**
 * Whether a training step can be split into shards of the batch that data-parallel workers compute
 * independently (runtime/parallel), with the shards' gradients summing to the whole batch's. A layer
 * that normalises with statistics of the whole batch, or that draws from the model's random generator
 * in training, gives different numbers when the batch is split (and the draws would depend on which
 * thread ran first), so its model trains on one thread. Augmentation is applied by the training loop to
 * the whole batch before it is split, so it does not matter, except mixup and cutmix: their mixed soft
 * labels live in the primary model, which the replicas do not see.
 */
import type { Plan } from "../ir.ts";

/** The reason the batch cannot be split, or undefined when it can. */
export function unshardableReason(plan: Plan): string | undefined {
  if (plan.optimizer.name === "lbfgs") return "L-BFGS evaluates the full-batch objective in one closure";
  for (const layer of plan.layers) {
    if (layer.kind === "batchnorm") return `batch norm ${layer.name} normalises with statistics of the whole batch`;
    if (layer.kind === "dropout" || layer.kind === "dropout2d" || layer.kind === "stochastic_depth")
      return `${layer.kind} ${layer.name} draws its masks from the model's random generator`;
    if (layer.kind === "dense" && layer.dropconnect > 0)
      return `dense ${layer.name} draws its DropConnect masks from the model's random generator`;
  }
  const mix = plan.data?.augment.find((o) => o.kind === "mixup" || o.kind === "cutmix");
  if (mix !== undefined) return `${mix.kind} scores the batch against mixed labels only the primary model holds`;
  return undefined;
}
