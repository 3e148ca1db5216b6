import type { FloatArray } from "../types.ts";
import type { Rng } from "../rng.ts";

/*
 * Inverted dropout over n consecutive elements: mask[i] ∈ {0, 1/(1−p)}, y[i] = x[i]·mask[i],
 * so evaluation needs no rescaling. One rng.next() per element when 0 < p < 1.
 */

/** Keeps each element with probability 1−p and scales kept values by 1/(1−p); p ≥ 1 drops everything. */
export function dropoutForward(
  x: FloatArray,
  xOff: number,
  y: FloatArray,
  yOff: number,
  mask: FloatArray,
  maskOff: number,
  n: number,
  p: number,
  rng: Rng,
): void {
  if (p <= 0) {
    for (let i = 0; i < n; i++) {
      mask[maskOff + i] = 1;
      y[yOff + i] = x[xOff + i];
    }
    return;
  }
  if (p >= 1) {
    for (let i = 0; i < n; i++) {
      mask[maskOff + i] = 0;
      y[yOff + i] = 0;
    }
    return;
  }
  const scale = 1 / (1 - p);
  for (let i = 0; i < n; i++) {
    const m = rng.next() < p ? 0 : scale;
    mask[maskOff + i] = m;
    y[yOff + i] = x[xOff + i] * m;
  }
}

export function dropoutBackward(
  mask: FloatArray,
  maskOff: number,
  dy: FloatArray,
  dyOff: number,
  dx: FloatArray,
  dxOff: number,
  n: number,
): void {
  for (let i = 0; i < n; i++) dx[dxOff + i] = dy[dyOff + i] * mask[maskOff + i];
}
