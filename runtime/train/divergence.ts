/** Detection of NaN/Inf during training, with a message that says where and when it happened. */
import type { CompiledModel } from "./model.ts";
import type { FloatArray } from "../types.ts";

export class TrainingDivergedError extends Error {
  constructor(
    message: string,
    readonly step: number,
    readonly lr: number,
    readonly tensor: string | undefined,
  ) {
    super(message);
    this.name = "TrainingDivergedError";
  }
}

function sum(a: FloatArray, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i];
  return s;
}

/** The first tensor whose values or gradients are not finite, e.g. "fc2.weight (gradient)". */
export function firstNonFiniteTensor(model: CompiledModel): string | undefined {
  for (const t of model.definition.tensors) {
    const values = t.buffer === "params" ? model.params : model.stats;
    if (!Number.isFinite(sum(values, t.offset, t.offset + t.size))) return `${t.name} (values)`;
    if (t.buffer === "params" && !Number.isFinite(sum(model.grads, t.offset, t.offset + t.size))) return `${t.name} (gradient)`;
  }
  return undefined;
}

/** A cheap per-step test: the sum of all parameters is finite exactly when no parameter is NaN or ±Inf (barring overflow, which is itself divergence). */
export function parametersFinite(model: CompiledModel): boolean {
  return Number.isFinite(sum(model.params, 0, model.params.length));
}

export function divergedError(model: CompiledModel, what: string, step: number, epoch: number, lr: number): TrainingDivergedError {
  const tensor = firstNonFiniteTensor(model);
  const layer = tensor ?? "no single tensor (the loss itself overflowed)";
  return new TrainingDivergedError(
    `training diverged: ${what} at step ${step} (epoch ${epoch + 1}), first non-finite tensor: ${layer}, learning rate ${lr}. ` +
      `Lower the learning rate, add gradient clipping (clip_grad_norm), or check the input scaling.`,
    step,
    lr,
    tensor,
  );
}
