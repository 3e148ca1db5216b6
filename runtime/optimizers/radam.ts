import type { FloatArray } from "../types.ts";
import { effectiveGrad } from "./effective-grad.ts";
import { RADAM_KERNEL } from "../wasm/updates/radam.ts";
import { addressOf, gradTerms, updateKernels } from "../wasm/updates/module.ts";
import type { UpdateGroup, UpdateStep } from "./update-step.ts";

/**
 * RAdam's rectification for step t: ρ∞ = 2/(1−β2) − 1, ρ_t = ρ∞ − 2t·β2ᵗ/(1 − β2ᵗ);
 * r = √((ρ_t−4)(ρ_t−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρ_t)) when ρ_t > 5, else 0 (the un-adapted branch).
 */
export function radamRect(t: number, beta2: number): number {
  const rhoInf = 2 / (1 - beta2) - 1;
  const b2t = beta2 ** t;
  const rhoT = rhoInf - (2 * t * b2t) / (1 - b2t);
  if (!(rhoT > 5)) return 0;
  return Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
}

/**
 * torch.optim.RAdam (1.13.1): m, v as in Adam; m̂ = m/bc1;
 * rect > 0: p ← p − lr·m̂·rect·√bc2/(√v + eps); rect = 0: p ← p − lr·m̂.
 * Float32 arena buffers take the SIMD kernel (runtime/wasm/updates/radam.ts).
 */
export function radamUpdate(
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
  bc1: number,
  bc2: number,
  rect: number,
  weightDecay: number,
  l2x: number,
  l1: number,
  clipValue: number,
  clipScale: number,
): void {
  const sqrtBc2 = Math.sqrt(bc2);
  const k1 = 1 - beta1;
  const k2 = 1 - beta2;
  const k = end > start ? updateKernels(p, g, m, v) : null;
  if (k !== null) {
    const rectified = rect > 0;
    k[(rectified ? RADAM_KERNEL.rectified : RADAM_KERNEL.plain)[gradTerms(l2x, l1, clipValue, clipScale, weightDecay)]](
      addressOf(p, start),
      addressOf(g, start),
      addressOf(m, start),
      addressOf(v, start),
      end - start,
      beta1,
      k1,
      beta2,
      k2,
      eps,
      rectified ? (lr * rect * sqrtBc2) / bc1 : lr / bc1,
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
  // Two loops rather than testing rect per element (a loop-invariant test inside the loop costs V8 ~2.5 ms per million).
  if (rect > 0) {
    for (let i = start; i < end; i++) {
      const gr = effectiveGrad(g[i], p[i], l2x, l1, clipValue, clipScale, weightDecay);
      m[i] = beta1 * m[i] + k1 * gr;
      v[i] = beta2 * v[i] + k2 * gr * gr;
      p[i] -= ((m[i] / bc1) * lr * rect * sqrtBc2) / (Math.sqrt(v[i]) + eps);
    }
  } else {
    for (let i = start; i < end; i++) {
      const gr = effectiveGrad(g[i], p[i], l2x, l1, clipValue, clipScale, weightDecay);
      m[i] = beta1 * m[i] + k1 * gr;
      v[i] = beta2 * v[i] + k2 * gr * gr;
      p[i] -= (m[i] / bc1) * lr;
    }
  }
}

/** RAdam's hyperparameters that no schedule changes (β1 arrives in the UpdateStep). */
export interface RadamHyperparameters {
  readonly beta2: number;
  readonly eps: number;
}

/** One RAdam step over a group, with the bias corrections and the rectification of step t. */
export function radamStep(
  h: RadamHyperparameters,
  s: UpdateStep,
  r: UpdateGroup,
  p: FloatArray,
  g: FloatArray,
  expAvg: FloatArray,
  expAvgSq: FloatArray,
): void {
  const bc1 = 1 - s.momentum ** s.t;
  const bc2 = 1 - h.beta2 ** s.t;
  const rect = radamRect(s.t, h.beta2);
  radamUpdate(
    p,
    g,
    expAvg,
    expAvgSq,
    r.start,
    r.end,
    s.lr * r.lrMult,
    s.momentum,
    h.beta2,
    h.eps,
    bc1,
    bc2,
    rect,
    s.weightDecay * r.wdMult,
    r.l2x,
    r.l1,
    s.clipValue,
    s.clipScale,
  );
}
