import type { FloatArray } from "../types.ts";
import { scratch64 } from "./scratch.ts";

/*
 * PyTorch BatchNorm2d over x[B, C, S] (S = H·W positions; element (b, c, p) at xOff + (b·C + c)·S + p),
 * statistics per channel c over the M = B·S values of the batch and all positions. Same formulas as
 * the 1-d kernel in batchnorm.ts with B replaced by M:
 *   mean = Σ x / M, var = Σ (x − mean)² / M, xhat = (x − mean)/√(var + eps), y = gamma·xhat + beta,
 *   running_var ← (1−m)·running_var + m·var·M/(M−1);
 *   dx = gamma·invStd·(dy − Σdy/M − xhat·Σ(dy·xhat)/M).
 * xhat is not kept: backward recomputes it from the layer's input x and the saved mean and invStd.
 * Per-channel sums run in float64. These loops are the reference; runtime/dispatch/batchnorm2d.ts sends float32
 * Arena buffers to the SIMD passes of runtime/wasm/batchnorm2d.ts (float32 lanes, per-plane partials added in float64).
 */

export function batchNorm2dForwardTrain(
  B: number,
  C: number,
  S: number,
  x: FloatArray,
  xOff: number,
  y: FloatArray,
  yOff: number,
  gamma: FloatArray | null,
  gOff: number,
  beta: FloatArray | null,
  bOff: number,
  runningMean: FloatArray,
  rmOff: number,
  runningVar: FloatArray,
  rvOff: number,
  momentum: number,
  eps: number,
  saveMean: FloatArray,
  smOff: number,
  saveInvStd: FloatArray,
  sisOff: number,
): void {
  const M = B * S;
  if (M < 2) throw new RangeError(`batch norm in train mode needs more than 1 value per channel, got ${M}`);
  for (let c = 0; c < C; c++) {
    let sum = 0;
    for (let b = 0; b < B; b++) {
      const r = xOff + (b * C + c) * S;
      for (let p = 0; p < S; p++) sum += x[r + p];
    }
    const mean = sum / M;
    let sq = 0;
    for (let b = 0; b < B; b++) {
      const r = xOff + (b * C + c) * S;
      for (let p = 0; p < S; p++) {
        const d = x[r + p] - mean;
        sq += d * d;
      }
    }
    const v = sq / M;
    const inv = 1 / Math.sqrt(v + eps);
    saveMean[smOff + c] = mean;
    saveInvStd[sisOff + c] = inv;
    runningMean[rmOff + c] = (1 - momentum) * runningMean[rmOff + c] + momentum * mean;
    runningVar[rvOff + c] = (1 - momentum) * runningVar[rvOff + c] + momentum * v * (M / (M - 1));
    const g = gamma === null ? 1 : gamma[gOff + c];
    const be = beta === null ? 0 : beta[bOff + c];
    for (let b = 0; b < B; b++) {
      const r = (b * C + c) * S;
      for (let p = 0; p < S; p++) {
        const h = (x[xOff + r + p] - mean) * inv;
        y[yOff + r + p] = h * g + be;
      }
    }
  }
}

/** Eval mode with the running statistics, optionally followed by ReLU (batch norm + activation fused). */
export function batchNorm2dForwardEval(
  B: number,
  C: number,
  S: number,
  x: FloatArray,
  xOff: number,
  y: FloatArray,
  yOff: number,
  gamma: FloatArray | null,
  gOff: number,
  beta: FloatArray | null,
  bOff: number,
  runningMean: FloatArray,
  rmOff: number,
  runningVar: FloatArray,
  rvOff: number,
  eps: number,
  relu: boolean,
): void {
  for (let c = 0; c < C; c++) {
    const inv = 1 / Math.sqrt(runningVar[rvOff + c] + eps);
    const scale = (gamma === null ? 1 : gamma[gOff + c]) * inv;
    const shift = (beta === null ? 0 : beta[bOff + c]) - runningMean[rmOff + c] * scale;
    for (let b = 0; b < B; b++) {
      const r = (b * C + c) * S;
      for (let p = 0; p < S; p++) {
        const v = x[xOff + r + p] * scale + shift;
        y[yOff + r + p] = relu && !(v > 0) ? 0 : v;
      }
    }
  }
}

/** Writes dx; (=|+=) dgamma and dbeta when they are given. dx may alias dy. */
export function batchNorm2dBackward(
  B: number,
  C: number,
  S: number,
  dy: FloatArray,
  dyOff: number,
  x: FloatArray,
  xOff: number,
  saveMean: FloatArray,
  smOff: number,
  saveInvStd: FloatArray,
  sisOff: number,
  gamma: FloatArray | null,
  gOff: number,
  dx: FloatArray | null,
  dxOff: number,
  dgamma: FloatArray | null,
  dgOff: number,
  dbeta: FloatArray | null,
  dbOff: number,
  accumulate: boolean,
): void {
  const M = B * S;
  const s = scratch64(2);
  for (let c = 0; c < C; c++) {
    const [mean, inv] = [saveMean[smOff + c], saveInvStd[sisOff + c]];
    s[0] = 0;
    s[1] = 0;
    for (let b = 0; b < B; b++) {
      const r = (b * C + c) * S;
      for (let p = 0; p < S; p++) {
        const g = dy[dyOff + r + p];
        s[0] += g;
        s[1] += g * ((x[xOff + r + p] - mean) * inv);
      }
    }
    if (dgamma !== null) dgamma[dgOff + c] = (accumulate ? dgamma[dgOff + c] : 0) + s[1];
    if (dbeta !== null) dbeta[dbOff + c] = (accumulate ? dbeta[dbOff + c] : 0) + s[0];
    if (dx === null) continue;
    const k = (gamma === null ? 1 : gamma[gOff + c]) * saveInvStd[sisOff + c];
    const m0 = s[0] / M;
    const m1 = s[1] / M;
    for (let b = 0; b < B; b++) {
      const r = (b * C + c) * S;
      for (let p = 0; p < S; p++) dx[dxOff + r + p] = k * (dy[dyOff + r + p] - m0 - (x[xOff + r + p] - mean) * inv * m1);
    }
  }
}
