import type { FloatArray } from "../types.ts";

/*
 * Adaptive average pooling (nn.AdaptiveAvgPool2d): x[n, C, H, W] → y[n, C, outH, outW], output cell (i, j)
 * the mean of rows [⌊i·H/outH⌋, ⌈(i+1)·H/outH⌉) and columns [⌊j·W/outW⌋, ⌈(j+1)·W/outW⌉), PyTorch's bin
 * boundaries. When the size does not divide, neighbouring bins overlap by one row or column.
 */

/** Start of output bin i of `out` over an input of `size`. */
export function binStart(i: number, size: number, out: number): number {
  return Math.floor((i * size) / out);
}

/** End (exclusive) of output bin i. */
export function binEnd(i: number, size: number, out: number): number {
  return Math.ceil(((i + 1) * size) / out);
}

export function adaptiveAvgPoolForward(
  n: number,
  channels: number,
  H: number,
  W: number,
  outH: number,
  outW: number,
  x: FloatArray,
  y: FloatArray,
): void {
  if (outH === 1 && outW === 1) return globalAvgPoolForward(n * channels, H * W, x, y);
  for (let m = 0; m < n * channels; m++) {
    const xOff = m * H * W;
    const yOff = m * outH * outW;
    for (let i = 0; i < outH; i++) {
      const h0 = binStart(i, H, outH);
      const h1 = binEnd(i, H, outH);
      for (let j = 0; j < outW; j++) {
        const w0 = binStart(j, W, outW);
        const w1 = binEnd(j, W, outW);
        let sum = 0;
        for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) sum += x[xOff + h * W + w];
        y[yOff + i * outW + j] = sum / ((h1 - h0) * (w1 - w0));
      }
    }
  }
}

/** Spreads each output gradient evenly over its bin; overlapping bins add. dx must not alias dy. */
export function adaptiveAvgPoolBackward(
  n: number,
  channels: number,
  H: number,
  W: number,
  outH: number,
  outW: number,
  dy: FloatArray,
  dx: FloatArray,
): void {
  if (outH === 1 && outW === 1) return globalAvgPoolBackward(n * channels, H * W, dy, dx);
  dx.fill(0, 0, n * channels * H * W);
  for (let m = 0; m < n * channels; m++) {
    const xOff = m * H * W;
    const yOff = m * outH * outW;
    for (let i = 0; i < outH; i++) {
      const h0 = binStart(i, H, outH);
      const h1 = binEnd(i, H, outH);
      for (let j = 0; j < outW; j++) {
        const w0 = binStart(j, W, outW);
        const w1 = binEnd(j, W, outW);
        const share = dy[yOff + i * outW + j] / ((h1 - h0) * (w1 - w0));
        for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) dx[xOff + h * W + w] += share;
      }
    }
  }
}

/*
 * One bin per plane (global average pooling, as a ResNet's head has it): the same sums and shares as the loops above,
 * which spent most of their time on bin boundaries and the nested loops around seven pixels a row.
 */
function globalAvgPoolForward(planes: number, size: number, x: FloatArray, y: FloatArray): void {
  for (let m = 0, at = 0; m < planes; m++) {
    let sum = 0;
    for (const end = at + size; at < end; at++) sum += x[at];
    y[m] = sum / size;
  }
}

function globalAvgPoolBackward(planes: number, size: number, dy: FloatArray, dx: FloatArray): void {
  // + 0 as the loops' 0 + share: a −0 share spreads as +0.
  for (let m = 0; m < planes; m++) dx.fill(dy[m] / size + 0, m * size, (m + 1) * size);
}
