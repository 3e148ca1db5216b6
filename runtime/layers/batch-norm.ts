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
  /**
   * What a training forward keeps for backward: the batch mean, 1/√(var + eps) and, per feature, the normalised
   * input (null per channel, where backward recomputes it from the layer's input, the same bits).
   */
  readonly mean: FloatArray;
  readonly invStd: FloatArray;
  readonly xhat: FloatArray | null;
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
        normalised(t),
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
   * Given the forward pass's input x and output y and dy (the gradient w.r.t. y), adds dγ and dβ and writes the
   * gradient w.r.t. the input into dx, which may be dy itself (skipped when null; a flat input always needs one).
   */
  backward(n: number, x: FloatArray, y: FloatArray, dy: FloatArray, dx: FloatArray | null): void {
    const t = this.tensors;
    if (t.spatial === 1) {
      if (dx === null) throw new Error("internal: BatchNorm1d backward needs an input-gradient buffer");
      perFeature.batchNormBackward(
        n,
        t.features,
        dy,
        0,
        normalised(t),
        0,
        t.invStd,
        0,
        t.gamma,
        0,
        dx,
        0,
        t.gammaGrad,
        0,
        t.betaGrad,
        0,
        true,
      );
      return;
    }
    perChannel.batchNorm2dBackward(
      n,
      t.features,
      t.spatial,
      dy,
      0,
      x,
      0,
      t.mean,
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

/** The per-feature layer's buffer of normalised inputs, which only a per-channel layer goes without. */
function normalised(t: BatchNormTensors): FloatArray {
  if (t.xhat === null) throw new Error("internal: BatchNorm1d without its normalised-input buffer");
  return t.xhat;
}
