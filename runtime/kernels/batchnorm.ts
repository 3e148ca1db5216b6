import type { FloatArray } from "../types.ts";
import { scratch64 } from "./scratch.ts";

/*
 * PyTorch BatchNorm1d over x[B, F] row-major (element (b, f) at xOff + b*F + f), statistics per
 * feature f over the batch. Per-feature vectors (gamma, beta, running stats, saved stats) are
 * [F] at their offsets. Sums are accumulated row by row (contiguous reads) in float64.
 *
 * Train:  mean = Σ_b x / B,  var = Σ_b (x − mean)² / B  (biased, used to normalise)
 *         xhat = (x − mean)/√(var + eps),  y = gamma·xhat + beta
 *         running_mean ← (1−m)·running_mean + m·mean,  running_var ← (1−m)·running_var + m·var·B/(B−1)
 * Eval:   y = gamma·(x − running_mean)/√(running_var + eps) + beta
 * Backward (through mean and var), with dxhat = dy·gamma:
 *         dx = invStd/B · (B·dxhat − Σ_b dxhat − xhat·Σ_b dxhat·xhat),  dgamma = Σ_b dy·xhat,  dbeta = Σ_b dy
 */

export function batchNormForwardTrain(
  B: number,
  F: number,
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
  xhat: FloatArray,
  xhOff: number,
): void {
  if (B < 2) throw new RangeError(`batch norm in train mode needs more than 1 value per feature, got batch size ${B}`);
  const s = scratch64(2 * F);
  for (let f = 0; f < 2 * F; f++) s[f] = 0;
  for (let b = 0; b < B; b++) {
    const r = xOff + b * F;
    for (let f = 0; f < F; f++) s[f] += x[r + f];
  }
  for (let f = 0; f < F; f++) s[f] /= B;
  for (let b = 0; b < B; b++) {
    const r = xOff + b * F;
    for (let f = 0; f < F; f++) {
      const d = x[r + f] - s[f];
      s[F + f] += d * d;
    }
  }
  const unbias = B / (B - 1);
  for (let f = 0; f < F; f++) {
    const mean = s[f];
    const v = s[F + f] / B;
    s[F + f] = 1 / Math.sqrt(v + eps);
    saveMean[smOff + f] = mean;
    saveInvStd[sisOff + f] = s[F + f];
    runningMean[rmOff + f] = (1 - momentum) * runningMean[rmOff + f] + momentum * mean;
    runningVar[rvOff + f] = (1 - momentum) * runningVar[rvOff + f] + momentum * v * unbias;
  }
  for (let b = 0; b < B; b++) {
    const r = b * F;
    for (let f = 0; f < F; f++) {
      const h = (x[xOff + r + f] - s[f]) * s[F + f];
      xhat[xhOff + r + f] = h;
      const g = gamma === null ? 1 : gamma[gOff + f];
      const be = beta === null ? 0 : beta[bOff + f];
      y[yOff + r + f] = h * g + be;
    }
  }
}

export function batchNormForwardEval(
  B: number,
  F: number,
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
): void {
  for (let b = 0; b < B; b++) {
    const r = b * F;
    for (let f = 0; f < F; f++) {
      const inv = 1 / Math.sqrt(runningVar[rvOff + f] + eps);
      const g = gamma === null ? 1 : gamma[gOff + f];
      const be = beta === null ? 0 : beta[bOff + f];
      y[yOff + r + f] = (x[xOff + r + f] - runningMean[rmOff + f]) * inv * g + be;
    }
  }
}

/** Writes dx; (=|+=) dgamma and dbeta when they are given. dx may alias dy. */
export function batchNormBackward(
  B: number,
  F: number,
  dy: FloatArray,
  dyOff: number,
  xhat: FloatArray,
  xhOff: number,
  saveInvStd: FloatArray,
  sisOff: number,
  gamma: FloatArray | null,
  gOff: number,
  dx: FloatArray,
  dxOff: number,
  dgamma: FloatArray | null,
  dgOff: number,
  dbeta: FloatArray | null,
  dbOff: number,
  accumulate: boolean,
): void {
  // s[0..F) = Σ dy, s[F..2F) = Σ dy·xhat
  const s = scratch64(2 * F);
  for (let f = 0; f < 2 * F; f++) s[f] = 0;
  for (let b = 0; b < B; b++) {
    const r = b * F;
    for (let f = 0; f < F; f++) {
      const g = dy[dyOff + r + f];
      s[f] += g;
      s[F + f] += g * xhat[xhOff + r + f];
    }
  }
  if (dgamma !== null) for (let f = 0; f < F; f++) dgamma[dgOff + f] = (accumulate ? dgamma[dgOff + f] : 0) + s[F + f];
  if (dbeta !== null) for (let f = 0; f < F; f++) dbeta[dbOff + f] = (accumulate ? dbeta[dbOff + f] : 0) + s[f];
  const invB = 1 / B;
  for (let b = 0; b < B; b++) {
    const r = b * F;
    for (let f = 0; f < F; f++) {
      // with dxhat = gamma·dy the sums scale by gamma too, so gamma factors out
      const g = gamma === null ? 1 : gamma[gOff + f];
      const h = xhat[xhOff + r + f];
      dx[dxOff + r + f] = g * saveInvStd[sisOff + f] * (dy[dyOff + r + f] - invB * s[f] - h * invB * s[F + f]);
    }
  }
}
