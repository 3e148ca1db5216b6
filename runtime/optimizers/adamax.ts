import type { FloatArray } from "../types.ts";
import { effectiveGrad } from "./effective-grad.ts";
import { ADAMAX_KERNEL } from "../wasm/updates/adamax.ts";
import { addressOf, gradTerms, updateKernels } from "../wasm/updates/module.ts";
import type { UpdateGroup, UpdateStep } from "./update-step.ts";

/**
 * torch.optim.Adamax (1.13.1): m ← β1·m + (1−β1)·g; u ← max(β2·u, |g| + eps) (eps inside the max);
 * p ← p − (lr/bc1)·m/u. Float32 arena buffers take the SIMD kernel (runtime/wasm/updates/adamax.ts).
 */
export function adamaxUpdate(
  p: FloatArray,
  g: FloatArray,
  m: FloatArray,
  u: FloatArray,
  start: number,
  end: number,
  lr: number,
  beta1: number,
  beta2: number,
  eps: number,
  bc1: number,
  weightDecay: number,
  l2x: number,
  l1: number,
  clipValue: number,
  clipScale: number,
): void {
  const clr = lr / bc1;
  const k1 = 1 - beta1;
  const k = end > start ? updateKernels(p, g, m, u) : null;
  if (k !== null) {
    k[ADAMAX_KERNEL[gradTerms(l2x, l1, clipValue, clipScale, weightDecay)]](
      addressOf(p, start),
      addressOf(g, start),
      addressOf(m, start),
      addressOf(u, start),
      end - start,
      clr,
      beta1,
      k1,
      beta2,
      eps,
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
    const decayed = beta2 * u[i];
    const fresh = Math.abs(gr) + eps;
    u[i] = decayed > fresh ? decayed : fresh;
    p[i] -= (clr * m[i]) / u[i];
  }
}

/** Adamax's hyperparameters that no schedule changes (β1 arrives in the UpdateStep). */
export interface AdamaxHyperparameters {
  readonly beta2: number;
  readonly eps: number;
}

/** One Adamax step over a group, with the bias correction 1 − β1ᵗ. */
export function adamaxStep(
  h: AdamaxHyperparameters,
  s: UpdateStep,
  r: UpdateGroup,
  p: FloatArray,
  g: FloatArray,
  expAvg: FloatArray,
  expInf: FloatArray,
): void {
  const bc1 = 1 - s.momentum ** s.t;
  adamaxUpdate(
    p,
    g,
    expAvg,
    expInf,
    r.start,
    r.end,
    s.lr * r.lrMult,
    s.momentum,
    h.beta2,
    h.eps,
    bc1,
    s.weightDecay * r.wdMult,
    r.l2x,
    r.l1,
    s.clipValue,
    s.clipScale,
  );
}
