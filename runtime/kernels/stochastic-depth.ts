import type { FloatArray } from "../types.ts";
import type { Rng } from "../rng.ts";

/*
 * Stochastic depth, row mode (Huang et al. 2016; torchvision.ops.StochasticDepth(p, "row")): while
 * training, each sample's whole row is kept with probability 1 − p and scaled by 1/(1 − p), or zeroed.
 * mask[r] ∈ {0, 1/(1 − p)}, y[r, :] = x[r, :]·mask[r]. One rng.next() per row when 0 < p < 1.
 */

export function stochasticDepthForward(
  n: number,
  features: number,
  x: FloatArray,
  y: FloatArray,
  mask: FloatArray,
  p: number,
  rng: Rng,
): void {
  const scale = p >= 1 ? 0 : 1 / (1 - p);
  for (let r = 0; r < n; r++) {
    const m = p <= 0 ? 1 : p >= 1 ? 0 : rng.next() < p ? 0 : scale;
    mask[r] = m;
    const off = r * features;
    for (let i = 0; i < features; i++) y[off + i] = x[off + i] * m;
  }
}

/** dx[r, :] = dy[r, :]·mask[r]; dx may be dy. */
export function stochasticDepthBackward(n: number, features: number, mask: FloatArray, dy: FloatArray, dx: FloatArray): void {
  for (let r = 0; r < n; r++) {
    const m = mask[r];
    const off = r * features;
    for (let i = 0; i < features; i++) dx[off + i] = dy[off + i] * m;
  }
}
