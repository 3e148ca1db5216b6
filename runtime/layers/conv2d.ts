/*
 * A 2-D convolution as the generated model holds it: its geometry and its tensors as views created once in
 * the model's constructor, so each pass reads `conv.forward(n, x, y)`. The arithmetic is
 * runtime/dispatch/conv.ts's, unchanged.
 */
import type { FloatArray } from "../types.ts";
import type { ConvGeometry } from "../kernels/conv.ts";
import { conv2dBackward, conv2dForward } from "../dispatch/conv.ts";
import { reluBackward } from "../dispatch/activations.ts";

export interface Conv2dTensors {
  readonly geometry: ConvGeometry;
  /** A following ReLU runs in the convolution's epilogue; backward masks the gradient with the output. */
  readonly relu: boolean;
  /** [O, C/groups, k, k], PyTorch's nn.Conv2d layout. */
  readonly weight: FloatArray;
  readonly bias: FloatArray | null;
  /** Where the gradients accumulate; null for a layer that is not trained. */
  readonly weightGrad: FloatArray | null;
  readonly biasGrad: FloatArray | null;
}

export class Conv2d {
  constructor(readonly tensors: Conv2dTensors) {}

  /** y[n, O, OH, OW] = conv(x[n, C, H, W], W) + b, then ReLU when fused. */
  forward(n: number, x: FloatArray, y: FloatArray): void {
    const t = this.tensors;
    conv2dForward(n, t.geometry, x, 0, t.weight, 0, t.bias, 0, y, 0, t.relu);
  }

  /**
   * Given dy (the gradient w.r.t. the output y, overwritten when ReLU is fused), adds the weight and bias
   * gradients and writes the gradient w.r.t. the input x into dx (skipped when null; dx must not alias dy).
   */
  backward(n: number, x: FloatArray, y: FloatArray, dy: FloatArray, dx: FloatArray | null): void {
    const t = this.tensors;
    if (t.relu) reluBackward(y, 0, dy, 0, dy, 0, n * t.geometry.O * t.geometry.OH * t.geometry.OW);
    if (t.weightGrad === null && dx === null) return;
    conv2dBackward(n, t.geometry, x, 0, t.weight, 0, dy, 0, t.weightGrad, 0, t.biasGrad, 0, dx, 0);
  }
}
