/*
 * Dropout as the generated model holds it: its width and its mask buffer, so each pass reads
 * `drop.forwardTrain(n, x, y, p, rng)`. Dropout zeroes single activations (runtime/dispatch/dropout.ts),
 * Dropout2d whole feature maps (runtime/kernels/dropout2d.ts); the draws and arithmetic are theirs, unchanged.
 */
import type { FloatArray } from "../types.ts";
import type { Rng } from "../rng.ts";
import { copyInto } from "../memory.ts";
import { dropoutBackward, dropoutForward } from "../dispatch/dropout.ts";
import { dropout2dBackward, dropout2dForward } from "../kernels/dropout2d.ts";

export interface DropoutSettings {
  /** Features per row. */
  readonly features: number;
  /** 0 or 1/(1 − p) per activation, written by the training forward for backward. */
  readonly mask: FloatArray;
}

export class Dropout {
  constructor(readonly settings: DropoutSettings) {}

  /** Zeroes each activation with probability p (the rate may be scheduled, so it is given per call). */
  forwardTrain(n: number, x: FloatArray, y: FloatArray, p: number, rng: Rng): void {
    dropoutForward(x, 0, y, 0, this.settings.mask, 0, n * this.settings.features, p, rng);
  }

  /** Evaluation: the identity. */
  forwardEval(n: number, x: FloatArray, y: FloatArray): void {
    copyInto(x, 0, y, 0, n * this.settings.features);
  }

  /** Masks the gradient in place. */
  backward(n: number, dy: FloatArray): void {
    dropoutBackward(this.settings.mask, 0, dy, 0, dy, 0, n * this.settings.features);
  }
}

export interface Dropout2dSettings {
  readonly channels: number;
  /** Positions per channel (H·W). */
  readonly spatial: number;
  readonly p: number;
  /** 0 or 1/(1 − p) per channel of each row, written by the training forward for backward. */
  readonly mask: FloatArray;
}

export class Dropout2d {
  constructor(readonly settings: Dropout2dSettings) {}

  /** Zeroes each whole channel with probability p. */
  forwardTrain(n: number, x: FloatArray, y: FloatArray, rng: Rng): void {
    const s = this.settings;
    dropout2dForward(n, s.channels, s.spatial, x, 0, y, 0, s.mask, 0, s.p, rng);
  }

  /** Evaluation: the identity. */
  forwardEval(n: number, x: FloatArray, y: FloatArray): void {
    copyInto(x, 0, y, 0, n * this.settings.channels * this.settings.spatial);
  }

  /** Masks the gradient in place. */
  backward(n: number, dy: FloatArray): void {
    const s = this.settings;
    dropout2dBackward(n, s.channels, s.spatial, s.mask, 0, dy, 0, dy, 0);
  }
}
