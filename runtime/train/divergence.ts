/** Detection of NaN/Inf during training, with a message that says where and when it happened. */
import type { CompiledModel } from "../contract.ts";
import type { FloatArray } from "../types.ts";
import { simdAllFinite } from "../wasm/finite.ts";

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

/**
 * A cheap per-step test, run every step over every parameter: in f32x4 lanes for float32 arena
 * parameters; otherwise the sum of all parameters, finite exactly when no parameter is NaN or ±Inf
 * (barring overflow, which is itself divergence), in four running sums so the additions do not wait on
 * each other.
 */
export function parametersFinite(model: CompiledModel): boolean {
  const p = model.params;
  const simd = simdAllFinite(p);
  if (simd !== undefined) return simd;
  const n4 = p.length - (p.length % 4);
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  for (let i = 0; i < n4; i += 4) {
    s0 += p[i];
    s1 += p[i + 1];
    s2 += p[i + 2];
    s3 += p[i + 3];
  }
  return Number.isFinite(s0 + s1 + s2 + s3 + sum(p, n4, p.length));
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
