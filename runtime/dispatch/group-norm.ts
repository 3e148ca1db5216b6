/*
 * Group normalization as generated code calls it: the SIMD passes of runtime/wasm/group-norm.ts for float32
 * Arena buffers whose channels have enough positions to fill the four-lane loops, the reference loops of
 * runtime/kernels/group-norm.ts otherwise (float64, small maps, and layer normalization's one value per
 * channel). Arguments as in the reference.
 */
import type { FloatArray } from "../types.ts";
import * as reference from "../kernels/group-norm.ts";
import { simdGroupNormBackward, simdGroupNormForward } from "../wasm/group-norm.ts";

/**
 * Positions per channel below which the reference runs: the SIMD passes work plane by plane, with a call and a
 * scalar tail per plane, which only pays over a few lane groups.
 */
const MIN_SPATIAL = 16;

export function groupNormForward(
  n: number,
  groups: number,
  channels: number,
  spatial: number,
  x: FloatArray,
  y: FloatArray,
  gamma: FloatArray | null,
  beta: FloatArray | null,
  eps: number,
  xhat: FloatArray,
  invStd: FloatArray,
): void {
  if (spatial >= MIN_SPATIAL && simdGroupNormForward(n, groups, channels, spatial, x, y, gamma, beta, eps, xhat, invStd)) return;
  reference.groupNormForward(n, groups, channels, spatial, x, y, gamma, beta, eps, xhat, invStd);
}

export function groupNormBackward(
  n: number,
  groups: number,
  channels: number,
  spatial: number,
  dy: FloatArray,
  xhat: FloatArray,
  invStd: FloatArray,
  gamma: FloatArray | null,
  dx: FloatArray | null,
  gammaGrad: FloatArray | null,
  betaGrad: FloatArray | null,
): void {
  if (spatial >= MIN_SPATIAL && simdGroupNormBackward(n, groups, channels, spatial, dy, xhat, invStd, gamma, dx, gammaGrad, betaGrad))
    return;
  reference.groupNormBackward(n, groups, channels, spatial, dy, xhat, invStd, gamma, dx, gammaGrad, betaGrad);
}
