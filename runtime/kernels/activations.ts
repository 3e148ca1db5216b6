import type { FloatArray } from "../types.ts";
import { erf } from "./erf.ts";

/*
 * Elementwise activations over n consecutive elements: y[yOff + i] = f(x[xOff + i]).
 * Row-wise ones (softmax, maxout) treat the buffer as [rows, cols] row-major.
 * Backward kernels write (=) dx and read dy[i] before writing dx[i], so dx may alias dy.
 * Formulas and derivative conventions are PyTorch's (relu'(0) = 0, leaky/elu branch on x > 0).
 */

export function reluForward(x: FloatArray, xOff: number, y: FloatArray, yOff: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[xOff + i];
    y[yOff + i] = v > 0 ? v : 0;
  }
}

/** Uses the output: y > 0 exactly where x > 0. */
export function reluBackward(y: FloatArray, yOff: number, dy: FloatArray, dyOff: number, dx: FloatArray, dxOff: number, n: number): void {
  for (let i = 0; i < n; i++) dx[dxOff + i] = y[yOff + i] > 0 ? dy[dyOff + i] : 0;
}

export function leakyReluForward(x: FloatArray, xOff: number, y: FloatArray, yOff: number, n: number, slope: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[xOff + i];
    y[yOff + i] = v > 0 ? v : v * slope;
  }
}

export function leakyReluBackward(
  x: FloatArray,
  xOff: number,
  dy: FloatArray,
  dyOff: number,
  dx: FloatArray,
  dxOff: number,
  n: number,
  slope: number,
): void {
  for (let i = 0; i < n; i++) {
    const g = dy[dyOff + i];
    dx[dxOff + i] = x[xOff + i] > 0 ? g : g * slope;
  }
}

/** ELU: x if x > 0 else alpha·(exp(x) − 1). */
export function eluForward(x: FloatArray, xOff: number, y: FloatArray, yOff: number, n: number, alpha: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[xOff + i];
    y[yOff + i] = v > 0 ? v : alpha * Math.expm1(v);
  }
}

/** d/dx = alpha·exp(x) for x ≤ 0, computed from x as PyTorch's elu_backward does (y is part of the contract, unused). */
export function eluBackward(
  x: FloatArray,
  xOff: number,
  _y: FloatArray,
  _yOff: number,
  dy: FloatArray,
  dyOff: number,
  dx: FloatArray,
  dxOff: number,
  n: number,
  alpha: number,
): void {
  for (let i = 0; i < n; i++) {
    const v = x[xOff + i];
    const g = dy[dyOff + i];
    dx[dxOff + i] = v > 0 ? g : g * alpha * Math.exp(v);
  }
}

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;

/** Exact GELU: x·Φ(x) = x·0.5·(1 + erf(x/√2)). */
export function geluForward(x: FloatArray, xOff: number, y: FloatArray, yOff: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[xOff + i];
    y[yOff + i] = v * 0.5 * (1 + erf(v * SQRT1_2));
  }
}

/** d/dx x·Φ(x) = Φ(x) + x·φ(x). */
export function geluBackward(x: FloatArray, xOff: number, dy: FloatArray, dyOff: number, dx: FloatArray, dxOff: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[xOff + i];
    const cdf = 0.5 * (1 + erf(v * SQRT1_2));
    const pdf = INV_SQRT_2PI * Math.exp(-0.5 * v * v);
    dx[dxOff + i] = dy[dyOff + i] * (cdf + v * pdf);
  }
}

/** 1/(1+exp(−x)), written to avoid exp overflow for large |x|. */
export function sigmoidForward(x: FloatArray, xOff: number, y: FloatArray, yOff: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[xOff + i];
    if (v >= 0) {
      y[yOff + i] = 1 / (1 + Math.exp(-v));
    } else {
      const e = Math.exp(v);
      y[yOff + i] = e / (1 + e);
    }
  }
}

export function sigmoidBackward(
  y: FloatArray,
  yOff: number,
  dy: FloatArray,
  dyOff: number,
  dx: FloatArray,
  dxOff: number,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const s = y[yOff + i];
    dx[dxOff + i] = dy[dyOff + i] * s * (1 - s);
  }
}

export function tanhForward(x: FloatArray, xOff: number, y: FloatArray, yOff: number, n: number): void {
  for (let i = 0; i < n; i++) y[yOff + i] = Math.tanh(x[xOff + i]);
}

export function tanhBackward(y: FloatArray, yOff: number, dy: FloatArray, dyOff: number, dx: FloatArray, dxOff: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const t = y[yOff + i];
    dx[dxOff + i] = dy[dyOff + i] * (1 - t * t);
  }
}

/** Row-wise softmax of [rows, cols], max-subtracted for stability. */
export function softmaxForward(x: FloatArray, xOff: number, y: FloatArray, yOff: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const xr = xOff + r * cols;
    const yr = yOff + r * cols;
    let max = -Infinity;
    for (let c = 0; c < cols; c++) if (x[xr + c] > max) max = x[xr + c];
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      const e = Math.exp(x[xr + c] - max);
      y[yr + c] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let c = 0; c < cols; c++) y[yr + c] *= inv;
  }
}

/** dx = y ⊙ (dy − Σ_c dy·y), per row. */
export function softmaxBackward(
  y: FloatArray,
  yOff: number,
  dy: FloatArray,
  dyOff: number,
  dx: FloatArray,
  dxOff: number,
  rows: number,
  cols: number,
): void {
  for (let r = 0; r < rows; r++) {
    const yr = yOff + r * cols;
    const dr = dyOff + r * cols;
    const xr = dxOff + r * cols;
    let dot = 0;
    for (let c = 0; c < cols; c++) dot += dy[dr + c] * y[yr + c];
    for (let c = 0; c < cols; c++) dx[xr + c] = y[yr + c] * (dy[dr + c] - dot);
  }
}

/**
 * Maxout over groups of k consecutive features: x is [rows, inCols], y is [rows, inCols/k],
 * y[r, o] = max_t x[r, o·k + t]; argmax[r·(inCols/k) + o] holds the winning input column (first on ties).
 */
export function maxoutForward(
  x: FloatArray,
  xOff: number,
  y: FloatArray,
  yOff: number,
  argmax: Int32Array,
  rows: number,
  inCols: number,
  k: number,
): void {
  const outCols = (inCols / k) | 0;
  for (let r = 0; r < rows; r++) {
    const xr = xOff + r * inCols;
    const o0 = r * outCols;
    for (let o = 0; o < outCols; o++) {
      let best = o * k;
      let bv = x[xr + best];
      for (let t = 1; t < k; t++) {
        const v = x[xr + o * k + t];
        if (v > bv) {
          bv = v;
          best = o * k + t;
        }
      }
      y[yOff + o0 + o] = bv;
      argmax[o0 + o] = best;
    }
  }
}

/** Routes each output gradient to its winning input; the losers get 0. */
export function maxoutBackward(
  argmax: Int32Array,
  dy: FloatArray,
  dyOff: number,
  dx: FloatArray,
  dxOff: number,
  rows: number,
  inCols: number,
  k: number,
): void {
  const outCols = (inCols / k) | 0;
  for (let i = 0; i < rows * inCols; i++) dx[dxOff + i] = 0;
  for (let r = 0; r < rows; r++) {
    const o0 = r * outCols;
    for (let o = 0; o < outCols; o++) dx[dxOff + r * inCols + argmax[o0 + o]] = dy[dyOff + o0 + o];
  }
}
