/*
 * Group and layer normalization as the generated model holds them: their shape, eps and tensors as views made
 * once. Both normalise each sample on its own (no batch statistics, no running averages), so training and
 * evaluation are the same forward. The arithmetic is runtime/kernels/group-norm.ts's, where layer
 * normalization is one group whose γ and β have one value per element of the sample; over float32 buffers
 * runtime/dispatch/ runs most of it in SIMD passes.
 */
import type { FloatArray } from "../types.ts";
import * as dispatch from "../dispatch/group-norm.ts";
import { layerNormBackward, layerNormForward } from "../dispatch/layer-norm.ts";

export interface GroupNormTensors {
  readonly groups: number;
  readonly channels: number;
  /** Positions per channel: H·W. */
  readonly spatial: number;
  readonly eps: number;
  /** γ and β per channel, or null without an affine transform. */
  readonly weight: FloatArray | null;
  readonly bias: FloatArray | null;
  /** Where dγ and dβ accumulate; null when they are not trained. */
  readonly weightGrad: FloatArray | null;
  readonly biasGrad: FloatArray | null;
  /** What forward keeps for backward: the normalised input and 1/√(σ² + eps) per row and group. */
  readonly xhat: FloatArray;
  readonly invStd: FloatArray;
}

export class GroupNorm {
  constructor(readonly tensors: GroupNormTensors) {}

  forward(n: number, x: FloatArray, y: FloatArray): void {
    const t = this.tensors;
    dispatch.groupNormForward(n, t.groups, t.channels, t.spatial, x, y, t.weight, t.bias, t.eps, t.xhat, t.invStd);
  }

  /** Adds dγ and dβ and writes the input gradient into dx, which may be dy itself (skipped when null). */
  backward(n: number, dy: FloatArray, dx: FloatArray | null): void {
    const t = this.tensors;
    dispatch.groupNormBackward(n, t.groups, t.channels, t.spatial, dy, t.xhat, t.invStd, t.weight, dx, t.weightGrad, t.biasGrad);
  }
}

export interface LayerNormTensors {
  /** Elements per sample: the product of the normalised shape. */
  readonly features: number;
  readonly eps: number;
  /** γ and β per element, or null without an elementwise affine transform. */
  readonly weight: FloatArray | null;
  readonly bias: FloatArray | null;
  readonly weightGrad: FloatArray | null;
  readonly biasGrad: FloatArray | null;
  readonly xhat: FloatArray;
  /** One per row. */
  readonly invStd: FloatArray;
}

export class LayerNorm {
  constructor(readonly tensors: LayerNormTensors) {}

  forward(n: number, x: FloatArray, y: FloatArray): void {
    const t = this.tensors;
    layerNormForward(n, t.features, x, y, t.weight, t.bias, t.eps, t.xhat, t.invStd);
  }

  /** Adds dγ and dβ and writes the input gradient into dx, which may be dy itself (skipped when null). */
  backward(n: number, dy: FloatArray, dx: FloatArray | null): void {
    const t = this.tensors;
    layerNormBackward(n, t.features, dy, t.xhat, t.invStd, t.weight, dx, t.weightGrad, t.biasGrad);
  }
}
