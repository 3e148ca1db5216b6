import type { FloatArray } from "../types.ts";
import { effectiveGrad } from "./effective-grad.ts";

/**
 * torch.optim.RMSprop (1.13.1): v ← α·v + (1−α)·g²; centered: gavg ← α·gavg + (1−α)·g and
 * avg = √(v − gavg²) + eps, else avg = √v + eps; momentum > 0: buf ← μ·buf + g/avg, p ← p − lr·buf;
 * else p ← p − lr·g/avg. gavg is needed only when centered, buf only when momentum > 0.
 */
export function rmspropUpdate(
  p: FloatArray, g: FloatArray, v: FloatArray, gavg: FloatArray | null, buf: FloatArray | null, start: number, end: number,
  lr: number, alpha: number, eps: number, momentum: number, centered: boolean,
  weightDecay: number, l2x: number, l1: number, clipValue: number, clipScale: number,
): void {
  if (centered && gavg === null) throw new Error("rmspropUpdate: centered needs a gavg buffer");
  if (momentum > 0 && buf === null) throw new Error("rmspropUpdate: momentum > 0 needs a momentum buffer");
  const keep = 1 - alpha;
  for (let i = start; i < end; i++) {
    const gr = effectiveGrad(g[i], p[i], l2x, l1, clipValue, clipScale, weightDecay);
    v[i] = alpha * v[i] + keep * gr * gr;
    let avg: number;
    if (centered) {
      const ga = (gavg as FloatArray);
      ga[i] = alpha * ga[i] + keep * gr;
      avg = Math.sqrt(v[i] - ga[i] * ga[i]) + eps;
    } else {
      avg = Math.sqrt(v[i]) + eps;
    }
    if (momentum > 0) {
      const b = buf as FloatArray;
      b[i] = momentum * b[i] + gr / avg;
      p[i] -= lr * b[i];
    } else {
      p[i] -= (lr * gr) / avg;
    }
  }
}
