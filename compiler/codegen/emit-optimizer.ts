/**
 * The optimizer step of the generated model, as the optimizer's definition (compiler/definitions/optimizers/)
 * emits it, with the base values its schedules start from.
 */
import type { OptimizerPlan } from "../ir.ts";
import { optimizerDefinition } from "../definitions/optimizers/index.ts";
import type { FullBatchUpdate, StepUpdate } from "../definitions/optimizers/definition.ts";

export type { StateBuffer } from "../definitions/optimizers/definition.ts";

export interface OptimizerEmitter extends StepUpdate {
  /** The base value of the momentum-like hyperparameter (SGD/RMSprop momentum, Adam-family β1). */
  readonly baseMomentum: number | undefined;
  readonly baseWeightDecay: number;
}

/** A first-order optimizer's per-step update; undefined for a full-batch one (see fullBatchUpdate). */
export function optimizerEmitter(plan: OptimizerPlan): OptimizerEmitter | undefined {
  const definition = optimizerDefinition(plan);
  const update = definition.typescript(plan);
  if (update.kind !== "step") return undefined;
  const bases = definition.scheduled(plan);
  return { ...update, baseMomentum: bases.momentum?.base, baseWeightDecay: bases.weightDecay };
}

/** A full-batch optimizer's runtime object (L-BFGS); undefined for a first-order one. */
export function fullBatchUpdate(plan: OptimizerPlan): FullBatchUpdate | undefined {
  const update = optimizerDefinition(plan).typescript(plan);
  return update.kind === "full_batch" ? update : undefined;
}

/** The learning rate the lr schedule starts from. */
export function baseLearningRate(plan: OptimizerPlan): number {
  return optimizerDefinition(plan).scheduled(plan).lr;
}
