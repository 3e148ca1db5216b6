/*
 * A convolution with the batch norm after it folded in, for evaluation (compiler/codegen/fold-batchnorm.ts):
 * one convolution with W'[o] = W[o]·s[o] and b'[o] = (b[o] − mean[o])·s[o] + β[o], s[o] = γ[o]/√(var[o] + eps),
 * then the batch norm's fused ReLU in the epilogue. It writes what conv → batchnorm (eval) → relu would.
 *
 * The folded weights are recomputed on every call rather than behind a version counter: the parameters
 * and running statistics change in many places (the optimizer, every batch-norm training pass, loading a
 * checkpoint or a resumed state, the snapshot and early-stopping restores, gradcheck's probes, data-parallel
 * replicas that share the master's memory), and one missed bump would evaluate stale weights. A fold reads
 * the weights once and writes them once — per output position the convolution itself reads them again for
 * every row and every output pixel — so it costs at most 1/(n·OH·OW) of the convolution; folds() skips it where
 * it would cost more than the batch-norm pass it saves.
 */
import type { FloatArray } from "../types.ts";
import { conv2dForward } from "../dispatch/conv.ts";
import type { Conv2d } from "./conv2d.ts";

export interface ConvBatchNormTensors {
  readonly eps: number;
  /** The batch norm's ReLU (fused after it), applied in the folded convolution's epilogue. */
  readonly relu: boolean;
  /** γ and β, or null without an affine transform. */
  readonly gamma: FloatArray | null;
  readonly beta: FloatArray | null;
  readonly runningMean: FloatArray;
  readonly runningVar: FloatArray;
  /** The folded weight [O, C/groups, k, k] and bias [O]: scratch, never saved. */
  readonly weight: FloatArray;
  readonly bias: FloatArray;
}

/**
 * Whether evaluation folds batch norms into their convolutions: yes, unless the environment sets
 * NNC_FOLD_BN=0 (then conv and batch norm run as two steps, as in training; for comparisons).
 */
export function foldsBatchNorm(): boolean {
  return typeof process === "undefined" || process.env?.NNC_FOLD_BN !== "0";
}

/** Per folded weight, the cost of refolding in batch-norm values it must save to pay (bench/fold-batchnorm.ts). */
const FOLD_COST = 4;

export class ConvBatchNorm {
  constructor(
    readonly conv: Conv2d,
    readonly tensors: ConvBatchNormTensors,
  ) {}

  /**
   * Whether an evaluation forward of n rows runs folded: unless NNC_FOLD_BN=0, when the batch-norm pass it
   * saves (n·OH·OW values per channel, one SIMD pass) outweighs refolding (C/groups·k² weights per channel, a
   * scalar loop about 4× slower per value; bench/fold-batchnorm.ts --batch 1). Single-image prediction on small
   * maps then runs the two steps, as refolding for every image would cost more than it saves.
   */
  folds(n: number): boolean {
    const g = this.conv.tensors.geometry;
    return n * g.OH * g.OW >= FOLD_COST * ((g.C / g.groups) * g.k * g.k) && foldsBatchNorm();
  }

  /** y = the batch norm's evaluation output (after its ReLU when fused) of conv(x), in one convolution. */
  forward(n: number, x: FloatArray, y: FloatArray): void {
    this.fold();
    const t = this.tensors;
    conv2dForward(n, this.conv.tensors.geometry, x, 0, t.weight, 0, t.bias, 0, y, 0, t.relu);
  }

  /** Recomputes the folded weight and bias from the convolution's and the batch norm's current tensors. */
  fold(): void {
    const t = this.tensors;
    const { weight, bias } = this.conv.tensors;
    const channels = t.bias.length;
    const per = weight.length / channels;
    for (let o = 0; o < channels; o++) {
      const scale = (t.gamma === null ? 1 : t.gamma[o]) / Math.sqrt(t.runningVar[o] + t.eps);
      const shift = t.beta === null ? 0 : t.beta[o];
      t.bias[o] = ((bias === null ? 0 : bias[o]) - t.runningMean[o]) * scale + shift;
      for (let i = o * per; i < (o + 1) * per; i++) t.weight[i] = weight[i] * scale;
    }
  }
}
