/*
 * Maxout as the generated model holds it: its group size and the buffer of each group's winner, so each pass
 * reads `maxout.forward(n, x, y)`. The arithmetic is runtime/kernels/activations.ts's, unchanged.
 */
import type { FloatArray } from "../types.ts";
import { maxoutBackward, maxoutForward } from "../kernels/activations.ts";

export interface MaxoutSettings {
  /** Features per input row; the output has inputs / k. */
  readonly inputs: number;
  readonly k: number;
  /** The winning input of each group, written by forward for backward. */
  readonly argmax: Int32Array;
}

export class Maxout {
  constructor(readonly settings: MaxoutSettings) {}

  forward(n: number, x: FloatArray, y: FloatArray): void {
    const s = this.settings;
    maxoutForward(x, 0, y, 0, s.argmax, n, s.inputs, s.k);
  }

  /** Routes each output gradient to its group's winner in dx (dx must not alias dy). */
  backward(n: number, dy: FloatArray, dx: FloatArray): void {
    const s = this.settings;
    maxoutBackward(s.argmax, dy, 0, dx, 0, n, s.inputs, s.k);
  }
}
