/**
 * SAMME, multi-class AdaBoost (Zhu, Zou, Rosset & Hastie 2009, "Multi-class AdaBoost", Algorithm 2):
 * round m trains a learner h_m on the training set weighted by w, then
 *   err_m = Σ w_i·1[y_i ≠ h_m(x_i)] / Σ w_i,
 *   α_m   = log((1 − err_m)/err_m) + log(K − 1),
 *   w_i  ← w_i·exp(α_m·1[y_i ≠ h_m(x_i)]), renormalised to sum to 1,
 * and the ensemble predicts argmax_k Σ_m α_m·1[h_m(x) = k]. The log(K − 1) term is what makes K > 2 work:
 * a learner only needs to beat chance (err < 1 − 1/K), not 1/2.
 */
import { Rng } from "../../rng.ts";

export interface SammeRound {
  /** Weighted training error err_m. */
  readonly error: number;
  /** The learner's vote α_m (0 when the round is rejected). */
  readonly alpha: number;
  /** The weights for the next round (normalised); the same weights when the round is rejected. */
  readonly weights: Float64Array;
  /**
   * Why boosting ends after this round: `perfect` (err = 0: the weights would not change; the learner is
   * kept, with err clipped to MIN_ERROR for its α) or `chance` (err ≥ 1 − 1/K: no better than guessing; the
   * learner is dropped, α = 0, as Zhu et al. prescribe).
   */
  readonly stop?: "perfect" | "chance";
}

/** The error a perfect round's α is computed with: α = log((1 − 1e-10)/1e-10) + log(K − 1) ≈ 23 + log(K − 1). */
export const MIN_ERROR = 1e-10;

/** Uniform initial weights 1/n. */
export function uniformWeights(n: number): Float64Array {
  return new Float64Array(n).fill(1 / n);
}

/** One SAMME round from the current weights, each row's label and the learner's prediction for it. */
export function sammeRound(weights: Float64Array, labels: ArrayLike<number>, predictions: ArrayLike<number>, K: number): SammeRound {
  if (!(K >= 2)) throw new RangeError(`SAMME needs at least 2 classes, got ${K}`);
  const n = weights.length;
  if (labels.length !== n || predictions.length !== n)
    throw new RangeError(`SAMME: ${n} weights, ${labels.length} labels, ${predictions.length} predictions`);
  let total = 0;
  let wrong = 0;
  for (let i = 0; i < n; i++) {
    total += weights[i];
    if (predictions[i] !== labels[i]) wrong += weights[i];
  }
  const error = wrong / total;
  if (error >= 1 - 1 / K) return { error, alpha: 0, weights: Float64Array.from(weights), stop: "chance" };
  const clipped = Math.max(error, MIN_ERROR);
  const alpha = Math.log((1 - clipped) / clipped) + Math.log(K - 1);
  const next = new Float64Array(n);
  const boost = Math.exp(alpha);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    next[i] = predictions[i] !== labels[i] ? weights[i] * boost : weights[i];
    sum += next[i];
  }
  for (let i = 0; i < n; i++) next[i] /= sum;
  return error === 0 ? { error, alpha, weights: next, stop: "perfect" } : { error, alpha, weights: next };
}

/**
 * n row indices drawn with replacement, row i with probability weights[i] (weights summing to 1): the
 * training set of a boosting round by resampling (Freund & Schapire 1996). Seeded; the cumulative weights
 * are searched by bisection for each uniform draw.
 */
export function weightedResample(weights: Float64Array, n: number, seed: number): Int32Array {
  const cumulative = new Float64Array(weights.length);
  let s = 0;
  for (let i = 0; i < weights.length; i++) cumulative[i] = s += weights[i];
  const rng = new Rng(seed);
  const rows = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const u = rng.next() * s;
    let lo = 0;
    let hi = weights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    rows[r] = lo;
  }
  return rows;
}

/** The boosted ensemble's class for each row: argmax_k Σ_m α_m·1[h_m(x) = k] (ties to the lower class). */
export function sammeVote(predictions: readonly ArrayLike<number>[], alphas: readonly number[], K: number): Int32Array {
  const n = predictions[0]?.length ?? 0;
  const out = new Int32Array(n);
  const votes = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    votes.fill(0);
    predictions.forEach((p, m) => (votes[p[i]] += alphas[m]));
    let best = 0;
    for (let k = 1; k < K; k++) if (votes[k] > votes[best]) best = k;
    out[i] = best;
  }
  return out;
}

/** Class of the highest score in each row of n × K scores. */
export function argmaxRows(scores: ArrayLike<number>, n: number, K: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (scores[i * K + k] > scores[i * K + best]) best = k;
    out[i] = best;
  }
  return out;
}
