/*
 * The multiclass SVM (hinge) loss as the generated model holds it: the class count, the margin and the
 * buffer its gradient goes to, fixed once. The arithmetic is runtime/kernels/losses.ts's, unchanged.
 */
import type { FloatArray } from "../types.ts";
import { hingeLoss } from "../kernels/losses.ts";

export interface HingeSettings {
  /** Scores per row. */
  readonly classes: number;
  /** Δ: how far the label's score must lead every other score before that score stops costing. */
  readonly margin: number;
  /** Where d(loss)/d(scores) is written, [rows, classes] (the model's first backward buffer). */
  readonly grad: FloatArray;
}

export class HingeLoss {
  constructor(readonly settings: HingeSettings) {}

  /** Mean loss of `n` rows of scores against their labels; writes d(loss)/d(scores)·gradMul into `grad`. */
  lossAndGradient(n: number, scores: FloatArray, labels: Int32Array, gradMul: number): number {
    const s = this.settings;
    return hingeLoss(n, s.classes, scores, 0, labels, 0, s.margin, s.grad, 0, gradMul);
  }

  /** The mean loss alone (the gradient buffer is written with zeros). */
  loss(n: number, scores: FloatArray, labels: Int32Array): number {
    return this.lossAndGradient(n, scores, labels, 0);
  }
}
