import type { FloatArray } from "../types.ts";
import type { Rng } from "../rng.ts";

/*
 * Channel dropout (nn.Dropout2d) over x[n, C, S]: one draw per (sample, channel); mask[b·C + c] ∈
 * {0, 1/(1−p)} multiplies all S positions of that feature map. One rng.next() per channel when 0 < p < 1.
 */

export function dropout2dForward(
  n: number,
  C: number,
  S: number,
  x: FloatArray,
  xOff: number,
  y: FloatArray,
  yOff: number,
  mask: FloatArray,
  maskOff: number,
  p: number,
  rng: Rng,
): void {
  const scale = p >= 1 ? 0 : 1 / (1 - p);
  for (let bc = 0; bc < n * C; bc++) {
    const m = p <= 0 ? 1 : p >= 1 ? 0 : rng.next() < p ? 0 : scale;
    mask[maskOff + bc] = m;
    const r = bc * S;
    for (let q = 0; q < S; q++) y[yOff + r + q] = x[xOff + r + q] * m;
  }
}

/** dx = dy · mask of its channel; dx may alias dy. */
export function dropout2dBackward(
  n: number,
  C: number,
  S: number,
  mask: FloatArray,
  maskOff: number,
  dy: FloatArray,
  dyOff: number,
  dx: FloatArray,
  dxOff: number,
): void {
  for (let bc = 0; bc < n * C; bc++) {
    const m = mask[maskOff + bc];
    const r = bc * S;
    for (let q = 0; q < S; q++) dx[dxOff + r + q] = dy[dyOff + r + q] * m;
  }
}
