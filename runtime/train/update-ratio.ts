/**
 * Update/weight ratio ‖Δw‖ / ‖w‖ of one optimizer step, per weight matrix: the training loop records one step
 * per epoch in metrics.json, and `nnc doctor` (runtime/practice/update-ratio.ts) judges it over the first steps.
 */
import type { CompiledModel, TensorInfo } from "../contract.ts";
import type { FloatArray } from "../types.ts";

/**
 * Weight matrices (not biases or batch-norm vectors): the tensors the rule of thumb is about. A layer norm's
 * bias has its input's shape, so dimensions alone do not tell a weight from a bias.
 */
export function weightTensors(model: CompiledModel): TensorInfo[] {
  return model.definition.tensors.filter((t) => t.buffer === "params" && t.shape.length >= 2 && t.name.endsWith(".weight"));
}

/** ‖after − before‖ / ‖before‖ per weight matrix; `before` is a copy of params taken before the step. */
export function updateWeightRatios(model: CompiledModel, before: FloatArray): Record<string, number> {
  const out: Record<string, number> = {};
  const p = model.params;
  for (const t of weightTensors(model)) {
    let dd = 0;
    let ww = 0;
    for (let i = t.offset; i < t.offset + t.size; i++) {
      const d = p[i] - before[i];
      dd += d * d;
      ww += before[i] * before[i];
    }
    out[t.name] = ww > 0 ? Math.sqrt(dd / ww) : dd > 0 ? Infinity : 0;
  }
  return out;
}
