import type { FloatArray } from "../types.ts";
import { effectiveGrad } from "./effective-grad.ts";
import { SGD_KERNEL } from "../wasm/updates/sgd.ts";
import { addressOf, gradTerms, updateKernels } from "../wasm/updates/module.ts";
import type { UpdateGroup, UpdateStep } from "./update-step.ts";

/**
 * torch.optim.SGD (1.13.1), one fused loop over [start, end) of parallel flat buffers:
 * with momentum μ ≠ 0: buf ← g on the first step, else buf ← μ·buf + (1 − dampening)·g;
 * then g ← g + μ·buf (nesterov) or g ← buf; finally p ← p − lr·g. buf is untouched when μ = 0.
 * Float32 arena buffers take the SIMD kernel (runtime/wasm/updates/sgd.ts) from the second step on.
 */
export function sgdUpdate(
  p: FloatArray,
  g: FloatArray,
  buf: FloatArray,
  start: number,
  end: number,
  lr: number,
  momentum: number,
  dampening: number,
  nesterov: boolean,
  firstStep: boolean,
  weightDecay: number,
  l2x: number,
  l1: number,
  clipValue: number,
  clipScale: number,
): void {
  if (end > start && (momentum === 0 || !firstStep)) {
    const k = updateKernels(p, g, momentum === 0 ? null : buf);
    if (k !== null) {
      const names = SGD_KERNEL[momentum === 0 ? "plain" : nesterov ? "nesterov" : "momentum"];
      const kernel = k[names[gradTerms(l2x, l1, clipValue, clipScale, weightDecay)]];
      const n = end - start;
      if (momentum === 0)
        kernel(
          addressOf(p, start),
          addressOf(g, start),
          n,
          lr,
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
          addressOf(p, start),
          addressOf(g, start),
          addressOf(buf, start),
          n,
          lr,
          momentum,
          1 - dampening,
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
  }
  // One loop per variant: a loop-invariant flag tested inside the loop cost V8 ~40% (SGD momentum
  // over 1M elements: 9.2 ms → 5.5 ms once hoisted).
  if (momentum === 0) {
    for (let i = start; i < end; i++) p[i] -= lr * effectiveGrad(g[i], p[i], l2x, l1, clipValue, clipScale, weightDecay);
    return;
  }
  const keep = 1 - dampening;
  if (firstStep) {
    for (let i = start; i < end; i++) {
      const gr = effectiveGrad(g[i], p[i], l2x, l1, clipValue, clipScale, weightDecay);
      buf[i] = gr;
      const bs = buf[i]; // the stored (possibly float32-rounded) buffer, as PyTorch reads it back
      p[i] -= lr * (nesterov ? gr + momentum * bs : bs);
    }
  } else if (nesterov) {
    for (let i = start; i < end; i++) {
      const gr = effectiveGrad(g[i], p[i], l2x, l1, clipValue, clipScale, weightDecay);
      buf[i] = momentum * buf[i] + keep * gr;
      p[i] -= lr * (gr + momentum * buf[i]);
    }
  } else {
    for (let i = start; i < end; i++) {
      buf[i] = momentum * buf[i] + keep * effectiveGrad(g[i], p[i], l2x, l1, clipValue, clipScale, weightDecay);
      p[i] -= lr * buf[i];
    }
  }
}

/** SGD's hyperparameters that no schedule changes (lr, momentum and weight decay arrive in the UpdateStep). */
export interface SgdHyperparameters {
  readonly dampening: number;
  readonly nesterov: boolean;
}

/** One SGD step over a group; the momentum buffer starts as the gradient on step 1. */
export function sgdStep(
  h: SgdHyperparameters,
  s: UpdateStep,
  r: UpdateGroup,
  p: FloatArray,
  g: FloatArray,
  momentumBuffer: FloatArray,
): void {
  sgdUpdate(
    p,
    g,
    momentumBuffer,
    r.start,
    r.end,
    s.lr * r.lrMult,
    s.momentum,
    h.dampening,
    h.nesterov,
    s.t === 1,
    s.weightDecay * r.wdMult,
    r.l2x,
    r.l1,
    s.clipValue,
    s.clipScale,
  );
}
