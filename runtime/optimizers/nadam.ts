import type { FloatArray } from "../types.ts";
import { effectiveGrad } from "./effective-grad.ts";
import { NADAM_KERNEL } from "../wasm/updates/nadam.ts";
import { addressOf, gradTerms, updateKernels } from "../wasm/updates/module.ts";
import type { UpdateGroup, UpdateStep } from "./update-step.ts";

/**
 * NAdam's step scalars for step t = 1, 2, …: μ_t = β1·(1 − ½·0.96^(t·ψ)), μ_{t+1} likewise, and the
 * running product μprod_t = μprod_{t−1}·μ_t, kept as a float32 scalar as PyTorch's state tensor is
 * (the corrected PyTorch ≥ 2.0 recursion, see shared/golden nadam note). Pass muProduct = 1 at t = 1.
 */
export function nadamScalars(
  t: number,
  beta1: number,
  momentumDecay: number,
  muProduct: number,
): { mu: number; muNext: number; muProduct: number } {
  const mu = beta1 * (1 - 0.5 * 0.96 ** (t * momentumDecay));
  const muNext = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentumDecay));
  return { mu, muNext, muProduct: Math.fround(Math.fround(muProduct) * Math.fround(mu)) };
}

/** coefGrad = lr·(1 − μ_t)/(1 − μprod_t) and coefMom = lr·μ_{t+1}/(1 − μprod_t·μ_{t+1}). */
export function nadamCoefficients(lr: number, mu: number, muNext: number, muProduct: number): { coefGrad: number; coefMom: number } {
  return { coefGrad: (lr * (1 - mu)) / (1 - muProduct), coefMom: (lr * muNext) / (1 - muProduct * muNext) };
}

/**
 * torch.optim.NAdam: m, v as in Adam; denom = √v/√bc2 + eps; p ← p − coefGrad·g/denom − coefMom·m/denom.
 * Float32 arena buffers take the SIMD kernel (runtime/wasm/updates/nadam.ts).
 */
export function nadamUpdate(
  p: FloatArray,
  g: FloatArray,
  m: FloatArray,
  v: FloatArray,
  start: number,
  end: number,
  lr: number,
  beta1: number,
  beta2: number,
  eps: number,
  bc2: number,
  coefGrad: number,
  coefMom: number,
  weightDecay: number,
  l2x: number,
  l1: number,
  clipValue: number,
  clipScale: number,
): void {
  void lr; // the lr is folded into coefGrad and coefMom; kept for the contract's argument order
  const sqrtBc2 = Math.sqrt(bc2);
  const k1 = 1 - beta1;
  const k2 = 1 - beta2;
  const k = end > start ? updateKernels(p, g, m, v) : null;
  if (k !== null) {
    k[NADAM_KERNEL[gradTerms(l2x, l1, clipValue, clipScale, weightDecay)]](
      addressOf(p, start),
      addressOf(g, start),
      addressOf(m, start),
      addressOf(v, start),
      end - start,
      beta1,
      k1,
      beta2,
      k2,
      1 / sqrtBc2,
      eps,
      coefGrad,
      coefMom,
      clipScale,
      l2x * clipScale + weightDecay,
      l2x,
      weightDecay,
      l1,
      -l1,
      clipValue,
      -clipValue,
    );
    return;
  }
  for (let i = start; i < end; i++) {
    const gr = effectiveGrad(g[i], p[i], l2x, l1, clipValue, clipScale, weightDecay);
    m[i] = beta1 * m[i] + k1 * gr;
    v[i] = beta2 * v[i] + k2 * gr * gr;
    const denom = Math.sqrt(v[i]) / sqrtBc2 + eps;
    p[i] -= (coefGrad * gr) / denom + (coefMom * m[i]) / denom;
  }
}

/** NAdam's hyperparameters that no schedule changes (β1 arrives in the UpdateStep). */
export interface NadamHyperparameters {
  readonly beta2: number;
  readonly eps: number;
  readonly momentumDecay: number;
}

/** This step's momentum schedule as an UpdateStep carries it (`scalars`), for nadamStep. */
export function nadamStepScalars(mu: { readonly mu: number; readonly muNext: number; readonly muProduct: number }): readonly number[] {
  return [mu.mu, mu.muNext, mu.muProduct];
}

/**
 * One NAdam step over a group; `s.scalars` holds this step's momentum schedule (nadamStepScalars of
 * nadamScalars, computed once per step since it advances the model's running product μprod).
 */
export function nadamStep(
  h: NadamHyperparameters,
  s: UpdateStep,
  r: UpdateGroup,
  p: FloatArray,
  g: FloatArray,
  expAvg: FloatArray,
  expAvgSq: FloatArray,
): void {
  if (s.scalars?.length !== 3) throw new Error("internal: a NAdam step needs μ_t, μ_{t+1} and μprod_t in step.scalars");
  const [mu, muNext, muProduct] = s.scalars;
  const lr = s.lr * r.lrMult;
  const bc2 = 1 - h.beta2 ** s.t;
  const coefGrad = (1 - mu) / (1 - muProduct);
  const coefMom = muNext / (1 - muProduct * muNext);
  nadamUpdate(
    p,
    g,
    expAvg,
    expAvgSq,
    r.start,
    r.end,
    lr,
    s.momentum,
    h.beta2,
    h.eps,
    bc2,
    lr * coefGrad,
    lr * coefMom,
    s.weightDecay * r.wdMult,
    r.l2x,
    r.l1,
    s.clipValue,
    s.clipScale,
  );
}
