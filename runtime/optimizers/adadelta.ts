import type { FloatArray } from "../types.ts";
import { effectiveGrad } from "./effective-grad.ts";
import { ADADELTA_KERNEL } from "../wasm/updates/adadelta.ts";
import { addressOf, gradTerms, updateKernels } from "../wasm/updates/module.ts";
import type { UpdateGroup, UpdateStep } from "./update-step.ts";

/**
 * torch.optim.Adadelta (1.13.1): v ← ρ·v + (1−ρ)·g²; δ = √(u + eps)/√(v + eps)·g;
 * u ← ρ·u + (1−ρ)·δ²; p ← p − lr·δ. v (square_avg) and u (acc_delta) start at 0.
 * Float32 arena buffers take the SIMD kernel (runtime/wasm/updates/adadelta.ts).
 */
export function adadeltaUpdate(
  p: FloatArray,
  g: FloatArray,
  v: FloatArray,
  u: FloatArray,
  start: number,
  end: number,
  lr: number,
  rho: number,
  eps: number,
  weightDecay: number,
  l2x: number,
  l1: number,
  clipValue: number,
  clipScale: number,
): void {
  const keep = 1 - rho;
  const k = end > start ? updateKernels(p, g, v, u) : null;
  if (k !== null) {
    k[ADADELTA_KERNEL[gradTerms(l2x, l1, clipValue, clipScale, weightDecay)]](
      addressOf(p, start),
      addressOf(g, start),
      addressOf(v, start),
      addressOf(u, start),
      end - start,
      lr,
      rho,
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
    return;
  }
  for (let i = start; i < end; i++) {
    const gr = effectiveGrad(g[i], p[i], l2x, l1, clipValue, clipScale, weightDecay);
    v[i] = rho * v[i] + keep * gr * gr;
    const delta = (Math.sqrt(u[i] + eps) / Math.sqrt(v[i] + eps)) * gr;
    u[i] = rho * u[i] + keep * delta * delta;
    p[i] -= lr * delta;
  }
}

/** Adadelta's hyperparameters that no schedule changes. */
export interface AdadeltaHyperparameters {
  readonly rho: number;
  readonly eps: number;
}

/** One Adadelta step over a group. */
export function adadeltaStep(
  h: AdadeltaHyperparameters,
  s: UpdateStep,
  r: UpdateGroup,
  p: FloatArray,
  g: FloatArray,
  squareAvg: FloatArray,
  accDelta: FloatArray,
): void {
  adadeltaUpdate(
    p,
    g,
    squareAvg,
    accDelta,
    r.start,
    r.end,
    s.lr * r.lrMult,
    h.rho,
    h.eps,
    s.weightDecay * r.wdMult,
    r.l2x,
    r.l1,
    s.clipValue,
    s.clipScale,
  );
}
