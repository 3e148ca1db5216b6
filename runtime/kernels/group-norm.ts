import type { FloatArray } from "../types.ts";

/*
 * Group normalization (Wu & He 2018; nn.GroupNorm), which also serves layer normalization (nn.LayerNorm).
 * A row of `channels × spatial` values (NCHW: x[c, s] at c·spatial + s) is cut into `groups` contiguous
 * groups of channels; each group is normalised with its own mean and biased variance,
 *   x̂ = (x − μ_g)/√(σ²_g + eps),  y = γ_c·x̂ + β_c,
 * where γ and β have one value per channel (null: no affine transform). Layer normalization over a whole
 * per-sample shape is one group whose "channels" are every element (spatial = 1), so γ and β are shaped
 * like the sample. Nothing depends on the batch: training and evaluation compute the same thing.
 * Statistics are accumulated in float64 (JavaScript numbers) whatever the buffers' precision.
 */

/** y = γ·x̂ + β per group; keeps x̂ and 1/√(σ² + eps) (one per row and group) for backward. */
export function groupNormForward(
  n: number,
  groups: number,
  channels: number,
  spatial: number,
  x: FloatArray,
  y: FloatArray,
  gamma: FloatArray | null,
  beta: FloatArray | null,
  eps: number,
  xhat: FloatArray,
  invStd: FloatArray,
): void {
  const rowSize = channels * spatial;
  const size = rowSize / groups;
  const perGroup = channels / groups;
  for (let r = 0; r < n; r++) {
    for (let g = 0; g < groups; g++) {
      const start = r * rowSize + g * size;
      let sum = 0;
      for (let i = 0; i < size; i++) sum += x[start + i];
      const mean = sum / size;
      let sq = 0;
      for (let i = 0; i < size; i++) {
        const d = x[start + i] - mean;
        sq += d * d;
      }
      const inv = 1 / Math.sqrt(sq / size + eps);
      invStd[r * groups + g] = inv;
      for (let k = 0; k < perGroup; k++) {
        const c = g * perGroup + k;
        const scale = gamma === null ? 1 : gamma[c];
        const shift = beta === null ? 0 : beta[c];
        const off = start + k * spatial;
        for (let s = 0; s < spatial; s++) {
          const h = (x[off + s] - mean) * inv;
          xhat[off + s] = h;
          y[off + s] = h * scale + shift;
        }
      }
    }
  }
}

/**
 * Given dy, adds dγ_c += Σ dy·x̂ and dβ_c += Σ dy (when their buffers are given) and writes
 *   dx = (1/σ̂)·(dx̂ − mean_g(dx̂) − x̂·mean_g(dx̂·x̂)),  dx̂ = γ_c·dy,
 * into dx (null: not needed). dx may be dy itself: each group's sums are taken before it is overwritten.
 */
export function groupNormBackward(
  n: number,
  groups: number,
  channels: number,
  spatial: number,
  dy: FloatArray,
  xhat: FloatArray,
  invStd: FloatArray,
  gamma: FloatArray | null,
  dx: FloatArray | null,
  gammaGrad: FloatArray | null,
  betaGrad: FloatArray | null,
): void {
  const rowSize = channels * spatial;
  const size = rowSize / groups;
  const perGroup = channels / groups;
  for (let r = 0; r < n; r++) {
    for (let g = 0; g < groups; g++) {
      const start = r * rowSize + g * size;
      let sumD = 0;
      let sumDX = 0;
      for (let k = 0; k < perGroup; k++) {
        const c = g * perGroup + k;
        const scale = gamma === null ? 1 : gamma[c];
        const off = start + k * spatial;
        let dg = 0;
        let db = 0;
        for (let s = 0; s < spatial; s++) {
          const d = dy[off + s];
          const h = xhat[off + s];
          dg += d * h;
          db += d;
        }
        if (gammaGrad !== null) gammaGrad[c] += dg;
        if (betaGrad !== null) betaGrad[c] += db;
        sumD += scale * db;
        sumDX += scale * dg;
      }
      if (dx === null) continue;
      const meanD = sumD / size;
      const meanDX = sumDX / size;
      const inv = invStd[r * groups + g];
      for (let k = 0; k < perGroup; k++) {
        const scale = gamma === null ? 1 : gamma[g * perGroup + k];
        const off = start + k * spatial;
        for (let s = 0; s < spatial; s++) dx[off + s] = inv * (scale * dy[off + s] - meanD - xhat[off + s] * meanDX);
      }
    }
  }
}
