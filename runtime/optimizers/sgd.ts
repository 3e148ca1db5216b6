import type { FloatArray } from "../types.ts";
import { effectiveGrad } from "./effective-grad.ts";

/**
 * torch.optim.SGD (1.13.1), one fused loop over [start, end) of parallel flat buffers:
 * with momentum μ ≠ 0: buf ← g on the first step, else buf ← μ·buf + (1 − dampening)·g;
 * then g ← g + μ·buf (nesterov) or g ← buf; finally p ← p − lr·g. buf is untouched when μ = 0.
 */
export function sgdUpdate(
  p: FloatArray, g: FloatArray, buf: FloatArray, start: number, end: number,
  lr: number, momentum: number, dampening: number, nesterov: boolean, firstStep: boolean,
  weightDecay: number, l2x: number, l1: number, clipValue: number, clipScale: number,
): void {
  if (momentum === 0) {
    for (let i = start; i < end; i++) p[i] -= lr * effectiveGrad(g[i], p[i], l2x, l1, clipValue, clipScale, weightDecay);
    return;
  }
  const keep = 1 - dampening;
  for (let i = start; i < end; i++) {
    const gr = effectiveGrad(g[i], p[i], l2x, l1, clipValue, clipScale, weightDecay);
    const b = firstStep ? gr : momentum * buf[i] + keep * gr;
    buf[i] = b;
    const bs = buf[i]; // the stored (possibly float32-rounded) buffer, as PyTorch reads it back
    p[i] -= lr * (nesterov ? gr + momentum * bs : bs);
  }
}
