/*
 * torch.nn.CrossEntropyLoss as the generated model holds it: the class count, the label smoothing and the
 * buffer its gradient goes to, fixed once, so the objective reads `criterion.lossAndGradient(n, out, labels, gradMul)`.
 * The arithmetic is runtime/kernels/losses.ts's, unchanged.
 */
import type { FloatArray } from "../types.ts";
import { softmaxCrossEntropy, softmaxCrossEntropySoft } from "../kernels/losses.ts";

export interface CrossEntropySettings {
  /** Scores per row. */
  readonly classes: number;
  /** ε: the target puts 1 − ε on the label and ε spread over every class. */
  readonly labelSmoothing: number;
  /** Where d(loss)/d(scores) is written, [rows, classes] (the model's first backward buffer). */
  readonly grad: FloatArray;
}

export class CrossEntropyLoss {
  constructor(readonly settings: CrossEntropySettings) {}

  /** Mean loss of `n` rows of raw scores against their labels; writes d(loss)/d(scores)·gradMul into `grad`. */
  lossAndGradient(n: number, scores: FloatArray, labels: Int32Array, gradMul: number): number {
    const s = this.settings;
    return softmaxCrossEntropy(n, s.classes, scores, 0, labels, 0, s.labelSmoothing, s.grad, 0, gradMul);
  }

  /** The same mean loss with soft targets (rows of class weights, as mixup and cutmix make); no smoothing. */
  lossAndGradientSoft(n: number, scores: FloatArray, targets: FloatArray, gradMul: number): number {
    const s = this.settings;
    return softmaxCrossEntropySoft(n, s.classes, scores, 0, targets, 0, s.grad, 0, gradMul);
  }

  /** The mean loss alone (the gradient buffer is written with zeros). */
  loss(n: number, scores: FloatArray, labels: Int32Array): number {
    return this.lossAndGradient(n, scores, labels, 0);
  }
}
