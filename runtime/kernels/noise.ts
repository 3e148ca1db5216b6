/**
 * Noise on parameters and gradients (the lectures' "noise robustness"), drawn from the model's seeded
 * generator so a run is reproducible from its seed and resumes exactly (the generator's state is in the
 * checkpoint).
 */
import type { FloatArray } from "../types.ts";

export interface NormalSource {
  normal(): number;
}

/**
 * Weight noise: saves p[off, off + n) into saved[at, at + n), then adds std·N(0, 1) to every element. The
 * training step runs forward and backward at the perturbed weights; restoreWeights puts the saved ones back
 * before the update, so the noise is not kept (Graves 2011's formulation, not a random walk of the weights).
 */
export function perturbWeights(p: FloatArray, off: number, n: number, saved: FloatArray, at: number, std: number, rng: NormalSource): void {
  for (let i = 0; i < n; i++) {
    saved[at + i] = p[off + i];
    p[off + i] += std * rng.normal();
  }
}

/** Copies saved[at, at + n) back into p[off, off + n): the weights as they were before perturbWeights. */
export function restoreWeights(p: FloatArray, off: number, n: number, saved: FloatArray, at: number): void {
  for (let i = 0; i < n; i++) p[off + i] = saved[at + i];
}

/**
 * Standard deviation of annealed gradient noise at optimizer step k = 0, 1, …: σ_k = √(η / (1 + k)^γ)
 * (Neelakantan et al. 2015, "Adding gradient noise improves learning for very deep networks", eq. 1).
 */
export function gradientNoiseStd(eta: number, gamma: number, k: number): number {
  return Math.sqrt(eta / Math.pow(1 + k, gamma));
}

/** g[start, end) += std·N(0, 1), independently per element. */
export function addGradientNoise(g: FloatArray, start: number, end: number, std: number, rng: NormalSource): void {
  for (let i = start; i < end; i++) g[i] += std * rng.normal();
}
