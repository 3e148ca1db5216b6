/*
 * torch.nn.MSELoss (mean) as the generated model holds it: the width of a row and the buffer its gradient
 * goes to, fixed once. The arithmetic is runtime/kernels/losses.ts's, unchanged.
 */
import type { FloatArray } from "../types.ts";
import { mseLoss } from "../kernels/losses.ts";

export interface MseSettings {
  /** Outputs (and targets) per row. */
  readonly outputs: number;
  /** Where d(loss)/d(outputs) is written, [rows, outputs] (the model's first backward buffer). */
  readonly grad: FloatArray;
}

export class MseLoss {
  constructor(readonly settings: MseSettings) {}

  /** Mean squared error of `n` rows against their targets; writes d(loss)/d(outputs)·gradMul into `grad`. */
  lossAndGradient(n: number, outputs: FloatArray, targets: FloatArray, gradMul: number): number {
    const s = this.settings;
    return mseLoss(n, s.outputs, outputs, 0, targets, 0, s.grad, 0, gradMul);
  }

  /** The mean loss alone (the gradient buffer is written with zeros). */
  loss(n: number, outputs: FloatArray, targets: FloatArray): number {
    return this.lossAndGradient(n, outputs, targets, 0);
  }
}
