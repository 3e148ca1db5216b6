/*
 * Stochastic depth as the generated model holds it: its width, its rate and its per-row mask buffer. Placed
 * last in a residual branch, it drops the whole branch for a random subset of the batch while training (the
 * block is then the identity for those samples) and is the identity in evaluation.
 */
import type { FloatArray } from "../types.ts";
import type { Rng } from "../rng.ts";
import { copyInto } from "../memory.ts";
import { stochasticDepthBackward, stochasticDepthForward } from "../kernels/stochastic-depth.ts";

export interface StochasticDepthSettings {
  /** Values per row. */
  readonly features: number;
  readonly p: number;
  /** 0 or 1/(1 − p) per row, written by the training forward for backward. */
  readonly mask: FloatArray;
}

export class StochasticDepth {
  constructor(readonly settings: StochasticDepthSettings) {}

  /** Zeroes each whole row with probability p and scales the kept ones by 1/(1 − p). */
  forwardTrain(n: number, x: FloatArray, y: FloatArray, rng: Rng): void {
    const s = this.settings;
    stochasticDepthForward(n, s.features, x, y, s.mask, s.p, rng);
  }

  /** Evaluation: the identity. */
  forwardEval(n: number, x: FloatArray, y: FloatArray): void {
    copyInto(x, 0, y, 0, n * this.settings.features);
  }

  /** Masks the gradient in place. */
  backward(n: number, dy: FloatArray): void {
    stochasticDepthBackward(n, this.settings.features, this.settings.mask, dy, dy);
  }
}
