import type { Arena } from "../arena.ts";
import type { FloatArray } from "../types.ts";
import { batchNorm2dModuleBytes } from "./batchnorm2d-module.ts";
import { commonArena, kernelsFor } from "./instances.ts";
import { simdEnabled } from "./simd.ts";

/*
 * Layer normalization (runtime/kernels/group-norm.ts with one group and one γ per value) over float32 Arena
 * buffers: each sample is one plane of batch norm 2-d's SIMD passes (B = C = 1, S = the sample's values), so
 * its mean, variance and x̂ come from f32x4 lanes with float64 partial sums. The per-value affine map and the
 * per-value γ, β gradients have no pass there; they are one TypeScript loop each way, which in backward also
 * writes γ·dy and takes the two sums grad_apply needs.
 */

interface Scratch {
  /** mean, 1/σ, 1, 0, then grad_apply's 1/σ, m0, m1: one f32 each. */
  operands: Float32Array;
  /** One f64 sum. */
  sum: Float64Array;
}

const scratches = new WeakMap<Arena, Scratch>();

function scratchFor(arena: Arena): Scratch {
  let s = scratches.get(arena);
  if (s === undefined)
    scratches.set(arena, (s = { operands: arena.floats("f32", 8) as Float32Array, sum: arena.floats("f64", 2) as Float64Array }));
  return s;
}

const addr = (a: FloatArray, off: number): number => a.byteOffset + 4 * off;

/** The reference's groupNormForward(n, 1, F, 1, …); false (nothing done) unless x, y and x̂ are float32 views of one Arena. */
export function simdLayerNormForward(
  n: number,
  F: number,
  x: FloatArray,
  y: FloatArray,
  gamma: FloatArray | null,
  beta: FloatArray | null,
  eps: number,
  xhat: FloatArray,
  invStd: FloatArray,
): boolean {
  const arena = commonArena(simdEnabled, x, y, xhat);
  if (arena === null) return false;
  const k = kernelsFor(arena, batchNorm2dModuleBytes);
  const { operands: op, sum } = scratchFor(arena);
  const [mean, inv, one, zero] = [0, 1, 2, 3].map((i) => op.byteOffset + 4 * i);
  op[2] = 1;
  op[3] = 0;
  for (let r = 0; r < n; r++) {
    const at = r * F;
    k.sums(addr(x, at), 1, 1, F, sum.byteOffset);
    op[0] = sum[0] / F;
    k.sq_dev(addr(x, at), 1, 1, F, mean, sum.byteOffset);
    op[1] = invStd[r] = 1 / Math.sqrt(sum[0] / F + eps);
    k.train_apply(addr(x, at), addr(y, at), addr(xhat, at), 1, 1, F, mean, inv, one, zero);
    if (gamma === null || beta === null) continue;
    for (let i = 0; i < F; i++) y[at + i] = xhat[at + i] * gamma[i] + beta[i];
  }
  return true;
}

/** The reference's groupNormBackward(n, 1, F, 1, …); false (nothing done) unless dy, x̂ and dx are float32 views of one Arena. */
export function simdLayerNormBackward(
  n: number,
  F: number,
  dy: FloatArray,
  xhat: FloatArray,
  invStd: FloatArray,
  gamma: FloatArray | null,
  dx: FloatArray | null,
  gammaGrad: FloatArray | null,
  betaGrad: FloatArray | null,
): boolean {
  const arena = dx === null ? commonArena(simdEnabled, dy, xhat) : commonArena(simdEnabled, dy, xhat, dx);
  if (arena === null) return false;
  const k = kernelsFor(arena, batchNorm2dModuleBytes);
  const { operands: op } = scratchFor(arena);
  const [factor, m0, m1] = [4, 5, 6].map((i) => op.byteOffset + 4 * i);
  for (let r = 0; r < n; r++) {
    const at = r * F;
    // dγ += dy·x̂, dβ += dy, and (into dx, which may be dy) γ·dy with its sums, in one pass.
    let sumD = 0;
    let sumDX = 0;
    for (let i = 0; i < F; i++) {
      const d = dy[at + i];
      const h = xhat[at + i];
      if (gammaGrad !== null) gammaGrad[i] += d * h;
      if (betaGrad !== null) betaGrad[i] += d;
      const g = gamma === null ? d : gamma[i] * d;
      if (dx !== null) dx[at + i] = g;
      sumD += g;
      sumDX += g * h;
    }
    if (dx === null) continue;
    op[4] = invStd[r];
    op[5] = sumD / F;
    op[6] = sumDX / F;
    k.grad_apply(addr(dx, at), addr(xhat, at), addr(dx, at), 1, 1, F, factor, m0, m1);
  }
  return true;
}
