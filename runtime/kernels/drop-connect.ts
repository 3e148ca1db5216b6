import type { FloatArray } from "../types.ts";
import type { Rng } from "../rng.ts";

/*
 * DropConnect (Wan et al. 2013) on a weight matrix: each weight is kept with probability 1 − p and scaled by
 * 1/(1 − p), or zeroed, for one training step: mask[k] ∈ {0, 1/(1 − p)}, W̃ = W ⊙ mask. The layer then uses
 * W̃ forward and backward, so ∂L/∂W = (∂L/∂W̃) ⊙ mask. One rng.next() per weight when 0 < p < 1.
 */

/** Draws a fresh mask and writes masked = weight ⊙ mask over `size` weights. */
export function dropConnectMask(size: number, weight: FloatArray, mask: FloatArray, masked: FloatArray, p: number, rng: Rng): void {
  const scale = p >= 1 ? 0 : 1 / (1 - p);
  for (let k = 0; k < size; k++) {
    const m = p <= 0 ? 1 : p >= 1 ? 0 : rng.next() < p ? 0 : scale;
    mask[k] = m;
    masked[k] = weight[k] * m;
  }
}

/** grad[k] += maskedGrad[k]·mask[k]: the gradient of the masked weights carried back to the weights. */
export function dropConnectGradient(size: number, maskedGrad: FloatArray, mask: FloatArray, grad: FloatArray): void {
  for (let k = 0; k < size; k++) grad[k] += maskedGrad[k] * mask[k];
}
