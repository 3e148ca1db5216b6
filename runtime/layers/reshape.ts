/*
 * The layers that average or reshape without parameters, as the generated model holds them: global average
 * pooling (nn.AdaptiveAvgPool2d(1) then flatten) and flatten, their sizes fixed once. The arithmetic is
 * runtime/kernels/pool.ts's and runtime/memory.ts's, unchanged.
 */
import type { FloatArray } from "../types.ts";
import { globalAvgPoolBackward, globalAvgPoolForward } from "../kernels/pool.ts";
import { copyInto } from "../memory.ts";

export interface GlobalAvgPoolSettings {
  readonly channels: number;
  /** H·W: the values averaged per channel. */
  readonly spatial: number;
}

export class GlobalAvgPool {
  constructor(readonly settings: GlobalAvgPoolSettings) {}
  /** y[n, C] = the mean of each channel of x[n, C, H, W]. */
  forward(n: number, x: FloatArray, y: FloatArray): void {
    globalAvgPoolForward(n, this.settings.channels, this.settings.spatial, x, 0, y, 0);
  }
  /** Spreads each channel's gradient evenly over its H·W inputs in dx (dx must not alias dy). */
  backward(n: number, dy: FloatArray, dx: FloatArray): void {
    globalAvgPoolBackward(n, this.settings.channels, this.settings.spatial, dy, 0, dx, 0);
  }
}

export interface FlattenSettings {
  /** Features per row, C·H·W. */
  readonly features: number;
}

/** [C, H, W] → [C·H·W]: the same values in the same order, so backward has nothing to do. */
export class Flatten {
  constructor(readonly settings: FlattenSettings) {}
  forward(n: number, x: FloatArray, y: FloatArray): void {
    copyInto(x, 0, y, 0, n * this.settings.features);
  }
}
