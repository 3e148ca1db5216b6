/*
 * A fully connected layer as the generated model holds it: its sizes and its tensors as views created once
 * in the model's constructor, so each pass reads `fc.forward(n, x, y)` instead of a GEMM call with a dozen
 * offsets and flags. The arithmetic is runtime/dispatch/gemm.ts's, unchanged: y = x·Wᵀ + b (then ReLU),
 * dW += dyᵀ·x, db += Σ dy, dx = dy·W.
 */
import type { FloatArray } from "../types.ts";
import { matmulNN, matmulNT, matmulTN } from "../dispatch/gemm.ts";
import { biasGrad } from "../kernels/gemm.ts";
import { reluBackward } from "../dispatch/activations.ts";

export interface DenseTensors {
  readonly inputs: number;
  readonly outputs: number;
  /** A following ReLU runs in the product's epilogue; backward masks the gradient with the output. */
  readonly relu: boolean;
  /** [outputs, inputs], PyTorch's nn.Linear layout. */
  readonly weight: FloatArray;
  readonly bias: FloatArray | null;
  /** Where the gradients accumulate; null for a layer that is not trained (frozen, or nothing to train). */
  readonly weightGrad: FloatArray | null;
  readonly biasGrad: FloatArray | null;
}

export class Dense {
  constructor(readonly tensors: DenseTensors) {}

  /** y[n, outputs] = x[n, inputs]·Wᵀ + b, then ReLU when fused. */
  forward(n: number, x: FloatArray, y: FloatArray): void {
    const t = this.tensors;
    matmulNT(n, t.outputs, t.inputs, x, 0, t.weight, 0, y, 0, t.bias, 0, t.relu, false);
  }

  /**
   * Given dy (the gradient w.r.t. the output y, overwritten when ReLU is fused), adds the weight and bias
   * gradients and writes the gradient w.r.t. the input x into dx (skipped when dx is null).
   */
  backward(n: number, x: FloatArray, y: FloatArray, dy: FloatArray, dx: FloatArray | null): void {
    const t = this.tensors;
    if (t.relu) reluBackward(y, 0, dy, 0, dy, 0, n * t.outputs);
    if (t.weightGrad !== null) matmulTN(t.outputs, t.inputs, n, dy, 0, x, 0, t.weightGrad, 0, true);
    if (t.biasGrad !== null) biasGrad(n, t.outputs, dy, 0, t.biasGrad, 0, true);
    if (dx !== null) matmulNN(n, t.inputs, t.outputs, dy, 0, t.weight, 0, dx, 0, false);
  }
}
