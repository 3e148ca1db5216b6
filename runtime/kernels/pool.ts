import type { FloatArray } from "../types.ts";

/*
 * Pooling over NCHW maps, per channel: x[n, C, H, W] → y[n, C, OH, OW] with
 * OH = ⌊(H + 2·pad − k)/stride⌋ + 1. Max pooling pads with −∞ and records, per output, the index
 * (relative to the sample's first input element) of the winning input, so backward routes the
 * gradient there; ties go to the first maximum in scan order and a NaN wins its window, as PyTorch. Average pooling counts
 * padded zeros (count_include_pad = True), so every window divides by k².
 * These loops are the reference: runtime/dispatch/pool.ts runs max pooling of float32 Arena buffers
 * without padding in WebAssembly (runtime/wasm/pool.ts), branch-free.
 */

export interface PoolGeometry {
  readonly C: number;
  readonly H: number;
  readonly W: number;
  readonly OH: number;
  readonly OW: number;
  readonly k: number;
  readonly stride: number;
  readonly pad: number;
}

export function maxPoolForward(
  n: number,
  g: PoolGeometry,
  x: FloatArray,
  xOff: number,
  y: FloatArray,
  yOff: number,
  argmax: Int32Array,
  aOff: number,
): void {
  const { C, H, W, OH, OW, k, stride, pad } = g;
  const inSize = C * H * W;
  const outSize = C * OH * OW;
  for (let b = 0; b < n; b++) {
    const xs = xOff + b * inSize;
    for (let c = 0; c < C; c++) {
      const plane = c * H * W;
      for (let i = 0; i < OH; i++) {
        for (let j = 0; j < OW; j++) {
          let best = -Infinity;
          let at = -1;
          for (let u = 0; u < k; u++) {
            const r = i * stride - pad + u;
            if (r < 0 || r >= H) continue;
            for (let v = 0; v < k; v++) {
              const q = j * stride - pad + v;
              if (q < 0 || q >= W) continue;
              const idx = plane + r * W + q;
              const val = x[xs + idx];
              // PyTorch's rule: a larger value or a NaN takes over, and nothing displaces a NaN.
              if (at < 0 || val > best || val !== val) {
                best = val;
                at = idx;
              }
            }
          }
          const o = b * outSize + (c * OH + i) * OW + j;
          y[yOff + o] = best;
          argmax[aOff + o] = at;
        }
      }
    }
  }
}

/** dx = 0, then each dy routed to its window's winner. dx must not alias dy. */
export function maxPoolBackward(
  n: number,
  g: PoolGeometry,
  dy: FloatArray,
  dyOff: number,
  argmax: Int32Array,
  aOff: number,
  dx: FloatArray,
  dxOff: number,
): void {
  const inSize = g.C * g.H * g.W;
  const outSize = g.C * g.OH * g.OW;
  dx.fill(0, dxOff, dxOff + n * inSize);
  for (let b = 0; b < n; b++) {
    for (let o = 0; o < outSize; o++) dx[dxOff + b * inSize + argmax[aOff + b * outSize + o]] += dy[dyOff + b * outSize + o];
  }
}

export function avgPoolForward(n: number, g: PoolGeometry, x: FloatArray, xOff: number, y: FloatArray, yOff: number): void {
  const { C, H, W, OH, OW, k, stride, pad } = g;
  const inv = 1 / (k * k);
  for (let bc = 0; bc < n * C; bc++) {
    const plane = xOff + bc * H * W;
    const out = yOff + bc * OH * OW;
    for (let i = 0; i < OH; i++) {
      for (let j = 0; j < OW; j++) {
        let s = 0;
        for (let u = 0; u < k; u++) {
          const r = i * stride - pad + u;
          if (r < 0 || r >= H) continue;
          for (let v = 0; v < k; v++) {
            const q = j * stride - pad + v;
            if (q >= 0 && q < W) s += x[plane + r * W + q];
          }
        }
        y[out + i * OW + j] = s * inv;
      }
    }
  }
}

/** dx = 0, then each dy/k² spread over its window. dx must not alias dy. */
export function avgPoolBackward(n: number, g: PoolGeometry, dy: FloatArray, dyOff: number, dx: FloatArray, dxOff: number): void {
  const { C, H, W, OH, OW, k, stride, pad } = g;
  const inv = 1 / (k * k);
  for (let t = 0; t < n * C * H * W; t++) dx[dxOff + t] = 0;
  for (let bc = 0; bc < n * C; bc++) {
    const plane = dxOff + bc * H * W;
    const out = dyOff + bc * OH * OW;
    for (let i = 0; i < OH; i++) {
      for (let j = 0; j < OW; j++) {
        const d = dy[out + i * OW + j] * inv;
        for (let u = 0; u < k; u++) {
          const r = i * stride - pad + u;
          if (r < 0 || r >= H) continue;
          for (let v = 0; v < k; v++) {
            const q = j * stride - pad + v;
            if (q >= 0 && q < W) dx[plane + r * W + q] += d;
          }
        }
      }
    }
  }
}

/** y[b, c] = mean of x[b, c, :, :] over its S = H·W positions. */
export function globalAvgPoolForward(n: number, C: number, S: number, x: FloatArray, xOff: number, y: FloatArray, yOff: number): void {
  for (let bc = 0; bc < n * C; bc++) {
    let s = 0;
    const r = xOff + bc * S;
    for (let p = 0; p < S; p++) s += x[r + p];
    y[yOff + bc] = s / S;
  }
}

/** dx[b, c, p] = dy[b, c]/S. dx must not alias dy. */
export function globalAvgPoolBackward(n: number, C: number, S: number, dy: FloatArray, dyOff: number, dx: FloatArray, dxOff: number): void {
  for (let bc = 0; bc < n * C; bc++) {
    const d = dy[dyOff + bc] / S;
    const r = dxOff + bc * S;
    for (let p = 0; p < S; p++) dx[r + p] = d;
  }
}
