/** Small buffer utilities shared by generated code and the training loop. */
import type { FloatArray } from "./types.ts";

/** Below this many values copyInto loops rather than allocating a subarray() view. */
const COPY_BY_VIEW = 256;

/**
 * dst[dOff + i] = src[sOff + i] for i < n. Short copies loop, so nothing is allocated; long ones (a flatten's whole
 * batch) go through TypedArray.set, a memory copy, where the loop's element accesses on either array type take ~2 ns
 * each. set converts between float32 and float64 as the assignment does. The two ranges must not overlap (no
 * caller's do): the two ways would copy an overlap differently.
 */
export function copyInto(src: FloatArray, sOff: number, dst: FloatArray, dOff: number, n: number): void {
  if (n >= COPY_BY_VIEW) dst.set(src.subarray(sOff, sOff + n), dOff);
  else for (let i = 0; i < n; i++) dst[dOff + i] = src[sOff + i];
}

/** g += l2x·p + l1·sign(p) over [start, end): the loss-term regularizers, for optimizers (L-BFGS) that take g as is. */
export function addRegularizationGradient(p: FloatArray, g: FloatArray, start: number, end: number, l2x: number, l1: number): void {
  for (let i = start; i < end; i++) {
    const w = p[i];
    g[i] += l2x * w + (w > 0 ? l1 : w < 0 ? -l1 : 0);
  }
}

/** ema = decay·ema + (1 − decay)·p: Polyak/EMA averaging of the weights. */
export function emaUpdate(ema: FloatArray, p: FloatArray, n: number, decay: number): void {
  const keep = 1 - decay;
  for (let i = 0; i < n; i++) ema[i] = decay * ema[i] + keep * p[i];
}
