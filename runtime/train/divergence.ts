/** Detection of NaN/Inf during training, with a message that says where and when it happened. */
import type { CompiledModel } from "../contract.ts";
import type { FloatArray } from "../types.ts";
import { allFinite } from "../dispatch/finite.ts";

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

/** The per-step test of every parameter after an update (runtime/kernels/finite.ts). */
export function parametersFinite(model: CompiledModel): boolean {
  return allFinite(model.params);
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
