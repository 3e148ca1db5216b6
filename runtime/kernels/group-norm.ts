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
      const end = start + size;
      let sum = 0;
      for (let i = start; i < end; i++) sum += x[i];
      const mean = sum / size;
      let sq = 0;
      for (let i = start; i < end; i++) {
        const d = x[i] - mean;
        sq += d * d;
      }
      const inv = 1 / Math.sqrt(sq / size + eps);
      invStd[r * groups + g] = inv;
      const c0 = g * perGroup;
      if (gamma === null || beta === null)
        for (let i = start; i < end; i++) {
          const h = (x[i] - mean) * inv;
          xhat[i] = h;
          y[i] = h;
        }
      else if (spatial === 1)
        // One value per channel (layer norm's per-element γ): a flat loop, no per-channel inner loop.
        for (let i = start, c = c0; i < end; i++, c++) {
          const h = (x[i] - mean) * inv;
          xhat[i] = h;
          y[i] = h * gamma[c] + beta[c];
        }
      else
        for (let k = 0, off = start; k < perGroup; k++, off += spatial) {
          const scale = gamma[c0 + k];
          const shift = beta[c0 + k];
          for (let i = off; i < off + spatial; i++) {
            const h = (x[i] - mean) * inv;
            xhat[i] = h;
            y[i] = h * scale + shift;
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
      const c0 = g * perGroup;
      // Σ γ·dy and Σ γ·dy·x̂ over the group, and each channel's Σ dy·x̂ and Σ dy.
      let sumD = 0;
      let sumDX = 0;
      if (spatial === 1)
        // One value per channel (layer norm): a flat loop.
        for (let i = start, c = c0; i < start + size; i++, c++) {
          const d = dy[i];
          const dh = d * xhat[i];
          if (gammaGrad !== null) gammaGrad[c] += dh;
          if (betaGrad !== null) betaGrad[c] += d;
          const scale = gamma === null ? 1 : gamma[c];
          sumD += scale * d;
          sumDX += scale * dh;
        }
      else
        for (let k = 0, off = start; k < perGroup; k++, off += spatial) {
          let dg = 0;
          let db = 0;
          for (let i = off; i < off + spatial; i++) {
            const d = dy[i];
            dg += d * xhat[i];
            db += d;
          }
          const c = c0 + k;
          if (gammaGrad !== null) gammaGrad[c] += dg;
          if (betaGrad !== null) betaGrad[c] += db;
          const scale = gamma === null ? 1 : gamma[c];
          sumD += scale * db;
          sumDX += scale * dg;
        }
      if (dx === null) continue;
      const meanD = sumD / size;
      const meanDX = sumDX / size;
      const inv = invStd[r * groups + g];
      const end = start + size;
      if (gamma === null) for (let i = start; i < end; i++) dx[i] = inv * (dy[i] - meanD - xhat[i] * meanDX);
      else if (spatial === 1) for (let i = start, c = c0; i < end; i++, c++) dx[i] = inv * (gamma[c] * dy[i] - meanD - xhat[i] * meanDX);
      else
        for (let k = 0, off = start; k < perGroup; k++, off += spatial) {
          const scale = gamma[c0 + k];
          for (let i = off; i < off + spatial; i++) dx[i] = inv * (scale * dy[i] - meanD - xhat[i] * meanDX);
        }
    }
  }
}
