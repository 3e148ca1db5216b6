/*
 * A fully connected layer with DropConnect (Wan et al. 2013) as the generated model holds it: while training,
 * every forward draws a fresh mask over the weight matrix and the step uses W̃ = W ⊙ mask/(1 − p) forward and
 * backward (runtime/kernels/drop-connect.ts); evaluation uses W, as a plain Dense does.
 */
import type { FloatArray } from "../types.ts";
import type { Rng } from "../rng.ts";
import { matmulNN, matmulNT, matmulTN } from "../dispatch/gemm.ts";
import { biasGrad } from "../kernels/gemm.ts";
import { reluBackward } from "../dispatch/activations.ts";
import { dropConnectGradient, dropConnectMask } from "../kernels/drop-connect.ts";
import type { DenseTensors } from "./dense.ts";

export interface DropConnectTensors extends DenseTensors {
  /** Probability of dropping each weight for one step. */
  readonly p: number;
  /** 0 or 1/(1 − p) per weight, drawn by each training forward. */
  readonly mask: FloatArray;
  /** W ⊙ mask, the weights this step uses, and its gradient before masking; [outputs, inputs] each. */
  readonly masked: FloatArray;
  readonly maskedGrad: FloatArray;
}

export class DropConnectDense {
  constructor(readonly tensors: DropConnectTensors) {}

  /** Draws the step's mask, then y = x·W̃ᵀ + b (then ReLU when fused). */
  forwardTrain(n: number, x: FloatArray, y: FloatArray, rng: Rng): void {
    const t = this.tensors;
    dropConnectMask(t.outputs * t.inputs, t.weight, t.mask, t.masked, t.p, rng);
    matmulNT(n, t.outputs, t.inputs, x, 0, t.masked, 0, y, 0, t.bias, 0, t.relu, false);
  }

  /** Evaluation: y = x·Wᵀ + b with every weight. */
  forwardEval(n: number, x: FloatArray, y: FloatArray): void {
    const t = this.tensors;
    matmulNT(n, t.outputs, t.inputs, x, 0, t.weight, 0, y, 0, t.bias, 0, t.relu, false);
  }

  /** As Dense.backward, through the masked weights of the last training forward: dW += (dyᵀ·x) ⊙ mask, dx = dy·W̃. */
  backward(n: number, x: FloatArray, y: FloatArray, dy: FloatArray, dx: FloatArray | null): void {
    const t = this.tensors;
    if (t.relu) reluBackward(y, 0, dy, 0, dy, 0, n * t.outputs);
    if (t.weightGrad !== null) {
      matmulTN(t.outputs, t.inputs, n, dy, 0, x, 0, t.maskedGrad, 0, false);
      dropConnectGradient(t.outputs * t.inputs, t.maskedGrad, t.mask, t.weightGrad);
    }
    if (t.biasGrad !== null) biasGrad(n, t.outputs, dy, 0, t.biasGrad, 0, true);
    if (dx !== null) matmulNN(n, t.inputs, t.outputs, dy, 0, t.masked, 0, dx, 0, false);
  }
}
