import type { FloatArray } from "../types.ts";

/* Regularizer sums and clipping helpers over [off, off + n) of a flat parameter buffer. */

/** Σ w² (the caller multiplies by λ). */
export function l2Penalty(p: FloatArray, off: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += p[off + i] * p[off + i];
  return s;
}

/** Σ |w|. */
export function l1Penalty(p: FloatArray, off: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(p[off + i]);
  return s;
}

/** Σ (g + l2x·p + l1·sign(p))² over [start, end): the squared norm of the gradient PyTorch's clip_grad_norm_ sees. */
export function gradSquaredNorm(p: FloatArray, g: FloatArray, start: number, end: number, l2x: number, l1: number): number {
  let s = 0;
  for (let i = start; i < end; i++) {
    const w = p[i];
    const gr = g[i] + l2x * w + (w > 0 ? l1 : w < 0 ? -l1 : 0);
    s += gr * gr;
  }
  return s;
}

/**
 * Rescales each row of p[rows, cols] (one unit's incoming weights) to norm ≤ maxNorm, as
 * torch.renorm(p, 2, 0, maxNorm): rows with norm > maxNorm are multiplied by maxNorm/(norm + 1e-7).
 */
export function maxNormRows(p: FloatArray, off: number, rows: number, cols: number, maxNorm: number): void {
  for (let r = 0; r < rows; r++) {
    const o = off + r * cols;
    let s = 0;
    for (let c = 0; c < cols; c++) s += p[o + c] * p[o + c];
    const norm = Math.sqrt(s);
    if (norm > maxNorm) {
      const scale = maxNorm / (norm + 1e-7);
      for (let c = 0; c < cols; c++) p[o + c] *= scale;
    }
  }
}
