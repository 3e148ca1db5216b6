import type { FloatArray } from "../types.ts";
import { effectiveGrad } from "./effective-grad.ts";

/**
 * torch.optim.Adadelta (1.13.1): v ← ρ·v + (1−ρ)·g²; δ = √(u + eps)/√(v + eps)·g;
 * u ← ρ·u + (1−ρ)·δ²; p ← p − lr·δ. v (square_avg) and u (acc_delta) start at 0.
 */
export function adadeltaUpdate(
  p: FloatArray, g: FloatArray, v: FloatArray, u: FloatArray, start: number, end: number, lr: number, rho: number, eps: number,
  weightDecay: number, l2x: number, l1: number, clipValue: number, clipScale: number,
): void {
  const keep = 1 - rho;
  for (let i = start; i < end; i++) {
    const gr = effectiveGrad(g[i], p[i], l2x, l1, clipValue, clipScale, weightDecay);
    v[i] = rho * v[i] + keep * gr * gr;
    const delta = (Math.sqrt(u[i] + eps) / Math.sqrt(v[i] + eps)) * gr;
    u[i] = rho * u[i] + keep * delta * delta;
    p[i] -= lr * delta;
  }
}
