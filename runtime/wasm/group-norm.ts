import type { Arena } from "../arena.ts";
import type { FloatArray } from "../types.ts";
import { batchNorm2dModuleBytes } from "./batchnorm2d-module.ts";
import { commonArena, kernelsFor } from "./instances.ts";
import { simdEnabled } from "./simd.ts";

/*
 * Group normalization (runtime/kernels/group-norm.ts) over float32 Arena buffers, in the f32x4 passes of
 * batch norm 2-d's module (runtime/wasm/batchnorm2d-module.ts) run on one sample at a time (B = 1): its
 * per-plane sums are the per-channel sums of that sample, which are added per group here in float64, and its
 * per-channel operands (mean, 1/σ, γ, β, …) are filled with each channel's group values. The input gradient
 * dx = (1/σ)·(γ_c·dy − mean(γ·dy) − x̂·mean(γ·dy·x̂)) is two passes: `affine` writes γ_c·dy into dx, then
 * `grad_apply` finishes it, so no γ is ever divided by (a zero γ stays exact).
 */

interface Scratch {
  /** Six f32[C] operand arrays, one after another. */
  channels: Float32Array;
  /** Two f64[C] per-channel sums. */
  sums: Float64Array;
}

const scratches = new WeakMap<Arena, Scratch>();

function scratchFor(arena: Arena, C: number): Scratch {
  let s = scratches.get(arena);
  if (s === undefined) scratches.set(arena, (s = { channels: new Float32Array(0), sums: new Float64Array(0) }));
  if (s.channels.length < 6 * C) s.channels = arena.floats("f32", Math.max(6 * C, 2 * s.channels.length)) as Float32Array;
  if (s.sums.length < 2 * C) s.sums = arena.floats("f64", Math.max(2 * C, 2 * s.sums.length)) as Float64Array;
  return s;
}

const addr = (a: FloatArray, off: number): number => a.byteOffset + 4 * off;

/** Σ of `sums[from + c]` over the channels of group g. */
function groupTotal(sums: Float64Array, from: number, g: number, perGroup: number): number {
  let t = 0;
  for (let c = g * perGroup; c < (g + 1) * perGroup; c++) t += sums[from + c];
  return t;
}

/** groupNormForward's operation; false (nothing done) unless x, y and x̂ are float32 views of one Arena. */
export function simdGroupNormForward(
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
): boolean {
  const arena = commonArena(simdEnabled, x, y, xhat);
  if (arena === null) return false;
  const k = kernelsFor(arena, batchNorm2dModuleBytes);
  const C = channels;
  const { channels: ch, sums } = scratchFor(arena, C);
  const [mean, inv, scale, shift] = [0, 1, 2, 3].map((i) => ch.byteOffset + 4 * i * C);
  for (let c = 0; c < C; c++) {
    ch[2 * C + c] = gamma === null ? 1 : gamma[c];
    ch[3 * C + c] = beta === null ? 0 : beta[c];
  }
  const perGroup = C / groups;
  const size = perGroup * spatial;
  for (let r = 0; r < n; r++) {
    const at = r * C * spatial;
    k.sums(addr(x, at), 1, C, spatial, sums.byteOffset);
    for (let g = 0; g < groups; g++) ch.fill(groupTotal(sums, 0, g, perGroup) / size, g * perGroup, (g + 1) * perGroup);
    k.sq_dev(addr(x, at), 1, C, spatial, mean, sums.byteOffset);
    for (let g = 0; g < groups; g++) {
      const v = 1 / Math.sqrt(groupTotal(sums, 0, g, perGroup) / size + eps);
      invStd[r * groups + g] = v;
      ch.fill(v, C + g * perGroup, C + (g + 1) * perGroup);
    }
    k.train_apply(addr(x, at), addr(y, at), addr(xhat, at), 1, C, spatial, mean, inv, scale, shift);
  }
  return true;
}

/** groupNormBackward's operation; false (nothing done) unless dy, x̂ and dx are float32 views of one Arena. */
export function simdGroupNormBackward(
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
): boolean {
  const arena = dx === null ? commonArena(simdEnabled, dy, xhat) : commonArena(simdEnabled, dy, xhat, dx);
  if (arena === null) return false;
  const k = kernelsFor(arena, batchNorm2dModuleBytes);
  const C = channels;
  const { channels: ch, sums } = scratchFor(arena, C);
  const [scale, zero, factor, m0, m1] = [0, 1, 2, 3, 4].map((i) => ch.byteOffset + 4 * i * C);
  for (let c = 0; c < C; c++) {
    ch[c] = gamma === null ? 1 : gamma[c];
    ch[C + c] = 0;
  }
  const perGroup = C / groups;
  const size = perGroup * spatial;
  for (let r = 0; r < n; r++) {
    const at = r * C * spatial;
    k.grad_sums(addr(dy, at), addr(xhat, at), 1, C, spatial, sums.byteOffset, sums.byteOffset + 8 * C);
    for (let g = 0; g < groups; g++) {
      let sumD = 0;
      let sumDX = 0;
      for (let c = g * perGroup; c < (g + 1) * perGroup; c++) {
        if (gammaGrad !== null) gammaGrad[c] += sums[C + c];
        if (betaGrad !== null) betaGrad[c] += sums[c];
        sumD += ch[c] * sums[c];
        sumDX += ch[c] * sums[C + c];
      }
      ch.fill(invStd[r * groups + g], 2 * C + g * perGroup, 2 * C + (g + 1) * perGroup);
      ch.fill(sumD / size, 3 * C + g * perGroup, 3 * C + (g + 1) * perGroup);
      ch.fill(sumDX / size, 4 * C + g * perGroup, 4 * C + (g + 1) * perGroup);
    }
    if (dx === null) continue;
    // dx = γ_c·dy first (in place when dx is dy), then dx = (1/σ)·(dx − m0 − x̂·m1).
    const scaled = gamma === null ? addr(dy, at) : addr(dx, at);
    if (gamma !== null) k.affine(addr(dy, at), scaled, 1, C, spatial, scale, zero, 0);
    k.grad_apply(scaled, addr(xhat, at), addr(dx, at), 1, C, spatial, factor, m0, m1);
  }
  return true;
}
