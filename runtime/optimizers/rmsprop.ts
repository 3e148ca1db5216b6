import type { FloatArray } from "../types.ts";
import { effectiveGrad } from "./effective-grad.ts";
import { RMSPROP_KERNEL, rmspropVariant } from "../wasm/updates/rmsprop.ts";
import { addressOf, gradTerms, updateKernels } from "../wasm/updates/module.ts";
import type { UpdateGroup, UpdateStep } from "./update-step.ts";

/**
 * torch.optim.RMSprop (1.13.1): v ← α·v + (1−α)·g²; centered: gavg ← α·gavg + (1−α)·g and
 * avg = √(v − gavg²) + eps, else avg = √v + eps; momentum > 0: buf ← μ·buf + g/avg, p ← p − lr·buf;
 * else p ← p − lr·g/avg. gavg is needed only when centered, buf only when momentum > 0.
 * Float32 arena buffers take the SIMD kernel (runtime/wasm/updates/rmsprop.ts).
 */
export function rmspropUpdate(
  p: FloatArray,
  g: FloatArray,
  v: FloatArray,
  gavg: FloatArray | null,
  buf: FloatArray | null,
  start: number,
  end: number,
  lr: number,
  alpha: number,
  eps: number,
  momentum: number,
  centered: boolean,
  weightDecay: number,
  l2x: number,
  l1: number,
  clipValue: number,
  clipScale: number,
): void {
  if (centered && gavg === null) throw new Error("rmspropUpdate: centered needs a gavg buffer");
  if (momentum > 0 && buf === null) throw new Error("rmspropUpdate: momentum > 0 needs a momentum buffer");
  const keep = 1 - alpha;
  const ga = centered ? (gavg as FloatArray) : null;
  const b = momentum > 0 ? (buf as FloatArray) : null;
  const k = end > start ? updateKernels(p, g, v, ga, b) : null;
  if (k !== null) {
    const kernel = k[RMSPROP_KERNEL[rmspropVariant(ga !== null, b !== null)][gradTerms(l2x, l1, clipValue, clipScale, weightDecay)]];
    const P = addressOf(p, start),
      G = addressOf(g, start),
      V = addressOf(v, start),
      n = end - start;
    if (ga === null && b === null)
      kernel(P, G, V, n, lr, alpha, keep, eps, clipScale, l2x * clipScale + weightDecay, l2x, weightDecay, l1, -l1, clipValue, -clipValue);
    else if (ga === null && b !== null)
      kernel(
        P,
        G,
        V,
        addressOf(b, start),
        n,
        lr,
        alpha,
        keep,
        eps,
        momentum,
        clipScale,
        l2x * clipScale + weightDecay,
        l2x,
        weightDecay,
        l1,
        -l1,
        clipValue,
        -clipValue,
      );
    else if (ga !== null && b === null)
      kernel(
        P,
        G,
        V,
        addressOf(ga, start),
        n,
        lr,
        alpha,
        keep,
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
    else
      kernel(
        P,
        G,
        V,
        addressOf(ga as FloatArray, start),
        addressOf(b as FloatArray, start),
        n,
        lr,
        alpha,
        keep,
        eps,
        momentum,
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
  // One loop per variant: a loop-invariant test inside the loop cost V8 ~2.5 ms per million elements.
  if (ga === null && b === null) {
    for (let i = start; i < end; i++) {
      const gr = effectiveGrad(g[i], p[i], l2x, l1, clipValue, clipScale, weightDecay);
      v[i] = alpha * v[i] + keep * gr * gr;
      p[i] -= (lr * gr) / (Math.sqrt(v[i]) + eps);
    }
  } else if (ga === null && b !== null) {
    for (let i = start; i < end; i++) {
      const gr = effectiveGrad(g[i], p[i], l2x, l1, clipValue, clipScale, weightDecay);
      v[i] = alpha * v[i] + keep * gr * gr;
      b[i] = momentum * b[i] + gr / (Math.sqrt(v[i]) + eps);
      p[i] -= lr * b[i];
    }
  } else if (ga !== null && b === null) {
    for (let i = start; i < end; i++) {
      const gr = effectiveGrad(g[i], p[i], l2x, l1, clipValue, clipScale, weightDecay);
      v[i] = alpha * v[i] + keep * gr * gr;
      ga[i] = alpha * ga[i] + keep * gr;
      p[i] -= (lr * gr) / (Math.sqrt(v[i] - ga[i] * ga[i]) + eps);
    }
  } else if (ga !== null && b !== null) {
    for (let i = start; i < end; i++) {
      const gr = effectiveGrad(g[i], p[i], l2x, l1, clipValue, clipScale, weightDecay);
      v[i] = alpha * v[i] + keep * gr * gr;
      ga[i] = alpha * ga[i] + keep * gr;
      b[i] = momentum * b[i] + gr / (Math.sqrt(v[i] - ga[i] * ga[i]) + eps);
      p[i] -= lr * b[i];
    }
  }
}

/** RMSprop's hyperparameters that no schedule changes (momentum arrives in the UpdateStep). */
export interface RmspropHyperparameters {
  readonly alpha: number;
  readonly eps: number;
  /** Divide by the variance estimate E[g²] − E[g]²; needs the gradAvg buffer. */
  readonly centered: boolean;
}

/** One RMSprop step over a group; gradAvg is null unless centered. */
export function rmspropStep(
  h: RmspropHyperparameters,
  s: UpdateStep,
  r: UpdateGroup,
  p: FloatArray,
  g: FloatArray,
  squareAvg: FloatArray,
  gradAvg: FloatArray | null,
  momentumBuffer: FloatArray,
): void {
  rmspropUpdate(
    p,
    g,
    squareAvg,
    gradAvg,
    momentumBuffer,
    r.start,
    r.end,
    s.lr * r.lrMult,
    h.alpha,
    h.eps,
    s.momentum,
    h.centered,
    s.weightDecay * r.wdMult,
    r.l2x,
    r.l1,
    s.clipValue,
    s.clipScale,
  );
}
