/*
 * Adaptive average pooling (nn.AdaptiveAvgPool2d) as the generated model holds it: its input and output
 * sizes, fixed once. The arithmetic is runtime/kernels/adaptive-pool.ts's (PyTorch's bin boundaries).
 */
import type { FloatArray } from "../types.ts";
import { adaptiveAvgPoolBackward, adaptiveAvgPoolForward } from "../kernels/adaptive-pool.ts";

export interface AdaptiveAvgPoolSettings {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly outHeight: number;
  readonly outWidth: number;
}

export class AdaptiveAvgPool {
  constructor(readonly settings: AdaptiveAvgPoolSettings) {}

  /** y[n, C, outH, outW]: the mean of each bin of x[n, C, H, W]. */
  forward(n: number, x: FloatArray, y: FloatArray): void {
    const s = this.settings;
    adaptiveAvgPoolForward(n, s.channels, s.height, s.width, s.outHeight, s.outWidth, x, y);
  }

  /** Spreads each output gradient over its bin in dx (dx must not alias dy). */
  backward(n: number, dy: FloatArray, dx: FloatArray): void {
    const s = this.settings;
    adaptiveAvgPoolBackward(n, s.channels, s.height, s.width, s.outHeight, s.outWidth, dy, dx);
  }
}
