/*
 * A batch-norm layer as the generated model holds it: its shape, its constants and its tensors as views
 * created once in the model's constructor, so each pass reads `bn.forwardTrain(n, x, y)` instead of a
 * kernel call with 22 positional arguments. Per feature (spatial = 1, nn.BatchNorm1d) the kernels of
 * runtime/kernels/batchnorm.ts run; per channel of a [C, H, W] map (nn.BatchNorm2d) those of
 * runtime/dispatch/batchnorm2d.ts. Their arithmetic is unchanged.
 */
import type { FloatArray } from "../types.ts";
import * as perFeature from "../kernels/batchnorm.ts";
import * as perChannel from "../dispatch/batchnorm2d.ts";

export interface BatchNormTensors {
  /** Normalised features: channels of a map, or the features of a flat input. */
  readonly features: number;
  /** Positions per feature: H·W of a map, 1 for a flat input. */
  readonly spatial: number;
  readonly momentum: number;
  readonly eps: number;
  /** A following ReLU is fused (per channel only). */
  readonly relu: boolean;
  /** γ and β, or null without an affine transform. */
  readonly gamma: FloatArray | null;
  readonly beta: FloatArray | null;
  readonly runningMean: FloatArray;
  readonly runningVar: FloatArray;
  /** Where dγ and dβ accumulate; null when they are not trained. */
  readonly gammaGrad: FloatArray | null;
  readonly betaGrad: FloatArray | null;
  /** What a training forward keeps for backward: the batch mean, 1/√(var + eps) and the normalised input. */
  readonly mean: FloatArray;
  readonly invStd: FloatArray;
  readonly xhat: FloatArray;
}

export class BatchNorm {
  constructor(readonly tensors: BatchNormTensors) {}

  /** Normalises with the batch's statistics, updates the running ones and keeps what backward needs. */
  forwardTrain(n: number, x: FloatArray, y: FloatArray): void {
    const t = this.tensors;
    if (t.spatial === 1) {
      perFeature.batchNormForwardTrain(
        n,
        t.features,
        x,
        0,
        y,
        0,
        t.gamma,
        0,
        t.beta,
        0,
        t.runningMean,
        0,
        t.runningVar,
        0,
        t.momentum,
        t.eps,
        t.mean,
        0,
        t.invStd,
        0,
        t.xhat,
        0,
      );
      return;
    }
    perChannel.batchNorm2dForwardTrain(
      n,
      t.features,
      t.spatial,
      x,
      0,
      y,
      0,
      t.gamma,
      0,
      t.beta,
      0,
      t.runningMean,
      0,
      t.runningVar,
      0,
      t.momentum,
      t.eps,
      t.mean,
      0,
      t.invStd,
      0,
      t.xhat,
      0,
      t.relu,
    );
  }

  /** Normalises with the running statistics. */
  forwardEval(n: number, x: FloatArray, y: FloatArray): void {
    const t = this.tensors;
    if (t.spatial === 1) {
      perFeature.batchNormForwardEval(n, t.features, x, 0, y, 0, t.gamma, 0, t.beta, 0, t.runningMean, 0, t.runningVar, 0, t.eps);
      return;
    }
    perChannel.batchNorm2dForwardEval(
      n,
      t.features,
      t.spatial,
      x,
      0,
      y,
      0,
      t.gamma,
      0,
      t.beta,
      0,
      t.runningMean,
      0,
      t.runningVar,
      0,
      t.eps,
      t.relu,
    );
  }

  /**
   * Given dy (the gradient w.r.t. the output y), adds dγ and dβ and writes the gradient w.r.t. the input
   * into dx, which may be dy itself (skipped when null; a flat input always needs one).
   */
  backward(n: number, y: FloatArray, dy: FloatArray, dx: FloatArray | null): void {
    const t = this.tensors;
    if (t.spatial === 1) {
      if (dx === null) throw new Error("internal: BatchNorm1d backward needs an input-gradient buffer");
      perFeature.batchNormBackward(n, t.features, dy, 0, t.xhat, 0, t.invStd, 0, t.gamma, 0, dx, 0, t.gammaGrad, 0, t.betaGrad, 0, true);
      return;
    }
    perChannel.batchNorm2dBackward(
      n,
      t.features,
      t.spatial,
      dy,
      0,
      t.xhat,
      0,
      t.invStd,
      0,
      t.gamma,
      0,
      t.beta,
      0,
      dx,
      0,
      t.gammaGrad,
      0,
      t.betaGrad,
      0,
      true,
      t.relu ? y : null,
      0,
    );
  }
}
