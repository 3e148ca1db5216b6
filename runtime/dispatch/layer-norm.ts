/*
 * Layer normalization as generated code calls it: the SIMD passes of runtime/wasm/layer-norm.ts for float32
 * Arena buffers of samples with enough values to fill the four-lane loops, runtime/kernels/group-norm.ts's
 * loops (one group, one γ per value) otherwise.
 */
import type { FloatArray } from "../types.ts";
import { groupNormBackward, groupNormForward } from "../kernels/group-norm.ts";
import { simdLayerNormBackward, simdLayerNormForward } from "../wasm/layer-norm.ts";

/** Values per sample below which the reference runs (three SIMD calls per sample only pay over a few lane groups). */
const MIN_FEATURES = 64;

export function layerNormForward(
  n: number,
  F: number,
  x: FloatArray,
  y: FloatArray,
  gamma: FloatArray | null,
  beta: FloatArray | null,
  eps: number,
  xhat: FloatArray,
  invStd: FloatArray,
): void {
  if (F >= MIN_FEATURES && simdLayerNormForward(n, F, x, y, gamma, beta, eps, xhat, invStd)) return;
  groupNormForward(n, 1, F, 1, x, y, gamma, beta, eps, xhat, invStd);
}

export function layerNormBackward(
  n: number,
  F: number,
  dy: FloatArray,
  xhat: FloatArray,
  invStd: FloatArray,
  gamma: FloatArray | null,
  dx: FloatArray | null,
  gammaGrad: FloatArray | null,
  betaGrad: FloatArray | null,
): void {
  if (F >= MIN_FEATURES && simdLayerNormBackward(n, F, dy, xhat, invStd, gamma, dx, gammaGrad, betaGrad)) return;
  groupNormBackward(n, 1, F, 1, dy, xhat, invStd, gamma, dx, gammaGrad, betaGrad);
}
