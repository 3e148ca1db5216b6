/*
 * The merges of a graph model as the generated model holds them (runtime/dispatch/merge.ts and
 * runtime/kernels/merge.ts do the arithmetic): `add` sums equal-shaped inputs, `concat` lays its inputs'
 * rows side by side. Backward writes each input's gradient where the compiler planned it (the next step's
 * `g`, or the value's accumulation buffer), by copy or by addition, so neither allocates.
 */
import type { FloatArray } from "../types.ts";
import { concatRows, sliceRows } from "../kernels/merge.ts";
import { addForward, addInto, copyInto, gradSum } from "../dispatch/merge.ts";
import { reluBackward } from "../dispatch/activations.ts";

export interface AddSettings {
  /** Features per row of every input and of the output. */
  readonly features: number;
  /** A following ReLU runs in forward's pass (a merge of two inputs only); backward first masks dy with reluBackward. */
  readonly relu?: boolean;
}

export class Add {
  constructor(readonly settings: AddSettings) {}
  /** y = a + b (the first two inputs), then ReLU when fused. */
  forward(n: number, a: FloatArray, b: FloatArray, y: FloatArray): void {
    addForward(n * this.settings.features, a, b, y, this.settings.relu === true);
  }
  /** With a fused ReLU: dy (the gradient w.r.t. the ReLU's output y) becomes the gradient w.r.t. the sum, in place. */
  reluBackward(n: number, y: FloatArray, dy: FloatArray): void {
    reluBackward(y, 0, dy, 0, dy, 0, n * this.settings.features);
  }
  /** y += x: each input after the second. */
  accumulate(n: number, x: FloatArray, y: FloatArray): void {
    addInto(x, 0, y, 0, n * this.settings.features);
  }
  /**
   * Backward when the output's gradient comes in two parts, dy and pending (a residual block's output: the next
   * block's branch leaves its share in dy, its shortcut left the other in pending): dy = dy + pending, through the
   * fused ReLU's mask, in place (the branch input's gradient), and into dx (the shortcut input's), added when
   * `accumulate`: reluBackward and backward in one pass, with the sum before them.
   */
  sumBackward(n: number, y: FloatArray, dy: FloatArray, pending: FloatArray, dx: FloatArray, accumulate: boolean): void {
    gradSum(n * this.settings.features, y, dy, pending, dx, this.settings.relu === true, accumulate);
  }
  /** Every input's gradient is the output's: dy into dx, added when `accumulate`, else copied. */
  backward(n: number, dy: FloatArray, dx: FloatArray, accumulate: boolean): void {
    if (accumulate) addInto(dy, 0, dx, 0, n * this.settings.features);
    else copyInto(dy, 0, dx, 0, n * this.settings.features);
  }
}

export interface ConcatSettings {
  /** Features per row of each input, in order; the output row is their sum. */
  readonly widths: readonly number[];
}

export class Concat {
  private readonly offsets: number[] = [];
  private readonly width: number;
  constructor(readonly settings: ConcatSettings) {
    let at = 0;
    for (const w of settings.widths) {
      this.offsets.push(at);
      at += w;
    }
    this.width = at;
  }
  /** Input k's rows into their slice of each output row. */
  forward(n: number, k: number, x: FloatArray, y: FloatArray): void {
    concatRows(n, x, this.settings.widths[k], y, this.width, this.offsets[k]);
  }
  /** Input k's gradient: its slice of each row of dy, into dx (added when `accumulate`, else copied; dx must not alias dy). */
  backward(n: number, dy: FloatArray, k: number, dx: FloatArray, accumulate: boolean): void {
    sliceRows(n, dy, this.width, this.offsets[k], dx, this.settings.widths[k], accumulate);
  }
}
