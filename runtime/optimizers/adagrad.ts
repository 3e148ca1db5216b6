import type { FloatArray } from "../types.ts";
import { effectiveGrad } from "./effective-grad.ts";
import { ADAGRAD_KERNEL } from "../wasm/updates/adagrad.ts";
import { addressOf, gradTerms, updateKernels } from "../wasm/updates/module.ts";
import type { UpdateGroup, UpdateStep } from "./update-step.ts";

/** clr = lr / (1 + (t − 1)·lr_decay) for step t = 1, 2, … (torch.optim.Adagrad). */
export function adagradClr(lr: number, lrDecay: number, t: number): number {
  return lr / (1 + (t - 1) * lrDecay);
}

/**
 * torch.optim.Adagrad (1.13.1): sum ← sum + g²; p ← p − clr·g/(√sum + eps).
 * `sum` starts at initial_accumulator_value (set by the caller). Float32 arena buffers take the
 * SIMD kernel (runtime/wasm/updates/adagrad.ts).
 */
export function adagradUpdate(
  p: FloatArray,
  g: FloatArray,
  sum: FloatArray,
  start: number,
  end: number,
  clr: number,
  eps: number,
  weightDecay: number,
  l2x: number,
  l1: number,
  clipValue: number,
  clipScale: number,
): void {
  const k = end > start ? updateKernels(p, g, sum) : null;
  if (k !== null) {
    k[ADAGRAD_KERNEL[gradTerms(l2x, l1, clipValue, clipScale, weightDecay)]](
      addressOf(p, start),
      addressOf(g, start),
      addressOf(sum, start),
      end - start,
      clr,
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
    sum[i] += gr * gr;
    p[i] -= (clr * gr) / (Math.sqrt(sum[i]) + eps);
  }
}

/** Adagrad's hyperparameters that no schedule changes. */
export interface AdagradHyperparameters {
  readonly lrDecay: number;
  readonly eps: number;
}

/** One Adagrad step over a group, at the decayed learning rate lr/(1 + (t − 1)·lr_decay). */
export function adagradStep(h: AdagradHyperparameters, s: UpdateStep, r: UpdateGroup, p: FloatArray, g: FloatArray, sum: FloatArray): void {
  const clr = adagradClr(s.lr, h.lrDecay, s.t);
  adagradUpdate(p, g, sum, r.start, r.end, clr * r.lrMult, h.eps, s.weightDecay * r.wdMult, r.l2x, r.l1, s.clipValue, s.clipScale);
}
