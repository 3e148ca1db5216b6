/**
 * Batch norm folded into the convolution before it, for evaluation. With the running statistics fixed, a
 * batch norm is a per-channel affine map, so conv → batchnorm is one convolution with
 *   W'[o] = W[o]·γ[o]/√(var[o] + eps)   and   b'[o] = (b[o] − mean[o])·γ[o]/√(var[o] + eps) + β[o],
 * and the batch norm's fused ReLU moves into the convolution's epilogue. Training still runs both steps
 * (it normalises with the batch's statistics and needs both backwards); the fold is an evaluation path.
 *
 * A convolution folds the batch norm step right after it when that batch norm is its only reader (in a
 * graph model, a convolution whose output also feeds a shortcut or a merge keeps its own output and does
 * not fold) and the convolution has no fused ReLU of its own. The folded convolution writes the batch norm's
 * output buffer, so the steps reading it are unchanged. The folded weights live in the convolution step's
 * scratch (never in params, so never in a checkpoint) and are recomputed on every evaluation forward
 * (runtime/layers/conv-batch-norm.ts says why).
 */
import type { LayerPlan } from "../ir.ts";
import type { KernelStep as Step } from "../definitions/layers/definition.ts";

/** A kernel step of one of the plan's layers (as kernel-steps.ts, which runs this pass last). */
type KernelStep = Step<LayerPlan>;

export function foldBatchNorms(steps: readonly KernelStep[]): KernelStep[] {
  const readers = steps.map(() => 0);
  for (const s of steps) for (const p of s.inputSteps) if (p >= 0) readers[p]++;
  const out = [...steps];
  for (const conv of steps) {
    const next = steps[conv.index + 1];
    if (conv.layer.kind !== "conv2d" || conv.fusedRelu || next === undefined || next.layer.kind !== "batchnorm") continue;
    if (readers[conv.index] !== 1 || next.inputSteps.length !== 1 || next.inputSteps[0] !== conv.index) continue;
    const bn = next.layer;
    out[conv.index] = {
      ...conv,
      foldsBatchNorm: { name: bn.name, eps: bn.eps, affine: bn.affine, relu: next.fusedRelu, output: next.output },
    };
    out[next.index] = { ...next, foldedInto: conv.index };
  }
  return out;
}
