import type { Arena } from "../arena.ts";
import type { FloatArray } from "../types.ts";
import { batchNorm2dModuleBytes } from "./batchnorm2d-module.ts";
import { runSliced } from "./conv-threads.ts";
import { commonArena } from "./instances.ts";
import { simdEnabled } from "./simd.ts";

/*
 * Dispatch from runtime/kernels/batchnorm2d.ts to the SIMD passes when the activation buffers are
 * float32 views of one Arena. Per-channel operands are copied into f32 scratch inside that Arena
 * (C values each, so gamma/beta/statistics may live anywhere); the per-plane f64 partial sums come
 * back through f64 scratch and are added per channel here, in b order, in float64.
 *
 * Each pass works plane by plane, so a large batch is split into contiguous slices of samples across the
 * helper threads (conv-threads.ts), each pass writing only its slice's planes and partial sums: the results
 * are the same bytes on any number of threads.
 */

const EXPORTS = [
  "sums",
  "sq_dev",
  "train_normalise",
  "train_normalise_relu",
  "affine",
  "grad_sums_from_x",
  "grad_apply_from_x",
  "grad_sums_from_x_relu",
  "grad_apply_from_x_relu",
] as const;

/** Runs the pass `name` over the B samples of [B, C, S] activations, split across threads (conv-threads.ts). */
function bySamples(
  arena: Arena,
  B: number,
  values: number,
  name: (typeof EXPORTS)[number],
  args: (b0: number, nb: number) => number[],
): void {
  runSliced(arena, { bytes: batchNorm2dModuleBytes, names: EXPORTS }, B, values, name, args);
}

interface Scratch {
  /** Seven f32[C] operand arrays, one after another. */
  channels: Float32Array;
  /** Two f64[B·C] partial-sum arrays, one after another, then f64[C] channel means. */
  partials: Float64Array;
}

const scratches = new WeakMap<Arena, Scratch>();

function scratchFor(arena: Arena, C: number, planes: number): Scratch {
  let s = scratches.get(arena);
  if (s === undefined) scratches.set(arena, (s = { channels: new Float32Array(0), partials: new Float64Array(0) }));
  if (s.channels.length < 7 * C) s.channels = arena.floats("f32", Math.max(7 * C, 2 * s.channels.length)) as Float32Array;
  if (s.partials.length < 2 * planes + C) s.partials = arena.floats("f64", Math.max(2 * planes + C, 2 * s.partials.length)) as Float64Array;
  return s;
}

const addr = (a: FloatArray, off: number): number => a.byteOffset + 4 * off;

/** Adds the B partials of channel c (planes b·C + c, starting at `from`) in float64. */
function channelTotal(partials: Float64Array, from: number, B: number, C: number, c: number): number {
  let t = 0;
  for (let b = 0; b < B; b++) t += partials[from + b * C + c];
  return t;
}

export function simdBatchNorm2dForwardTrain(
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
  relu: boolean,
): boolean {
  const arena = commonArena(simdEnabled, x, y);
  if (arena === null) return false;
  const s = scratchFor(arena, C, B * C);
  const M = B * S;
  const ch = s.channels,
    part = s.partials;
  const ch4 = ch.byteOffset;
  const means = 2 * B * C;
  const [xa, ya, pa] = [addr(x, xOff), addr(y, yOff), part.byteOffset];
  const plane = 4 * C * S,
    partials = 8 * C;
  bySamples(arena, B, M * C, "sums", (b0, nb) => [xa + b0 * plane, nb, C, S, pa + b0 * partials]);
  for (let c = 0; c < C; c++) ch[c] = part[means + c] = channelTotal(part, 0, B, C, c) / M;
  bySamples(arena, B, M * C, "sq_dev", (b0, nb) => [xa + b0 * plane, nb, C, S, ch4, pa + b0 * partials]);
  for (let c = 0; c < C; c++) {
    const mean = part[means + c];
    const v = channelTotal(part, 0, B, C, c) / M;
    const inv = 1 / Math.sqrt(v + eps);
    saveMean[smOff + c] = mean;
    saveInvStd[sisOff + c] = inv;
    runningMean[rmOff + c] = (1 - momentum) * runningMean[rmOff + c] + momentum * mean;
    runningVar[rvOff + c] = (1 - momentum) * runningVar[rvOff + c] + momentum * v * (M / (M - 1));
    ch[C + c] = inv;
    ch[2 * C + c] = gamma === null ? 1 : gamma[gOff + c];
    ch[3 * C + c] = beta === null ? 0 : beta[bOff + c];
  }
  bySamples(arena, B, M * C, relu ? "train_normalise_relu" : "train_normalise", (b0, nb) => [
    xa + b0 * plane,
    ya + b0 * plane,
    nb,
    C,
    S,
    ch4,
    ch4 + 4 * C,
    ch4 + 8 * C,
    ch4 + 12 * C,
  ]);
  return true;
}

export function simdBatchNorm2dForwardEval(
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
): boolean {
  const arena = commonArena(simdEnabled, x, y);
  if (arena === null) return false;
  const ch = scratchFor(arena, C, 0).channels;
  for (let c = 0; c < C; c++) {
    const inv = 1 / Math.sqrt(runningVar[rvOff + c] + eps);
    const scale = (gamma === null ? 1 : gamma[gOff + c]) * inv;
    ch[c] = scale;
    ch[C + c] = (beta === null ? 0 : beta[bOff + c]) - runningMean[rmOff + c] * scale;
  }
  const [xa, ya, plane] = [addr(x, xOff), addr(y, yOff), 4 * C * S];
  bySamples(arena, B, B * C * S, "affine", (b0, nb) => [
    xa + b0 * plane,
    ya + b0 * plane,
    nb,
    C,
    S,
    ch.byteOffset,
    ch.byteOffset + 4 * C,
    relu ? 1 : 0,
  ]);
  return true;
}

/**
 * x is the forward pass's input and saveMean, saveInvStd its statistics: xhat = (x − mean)·invStd is recomputed
 * with the forward pass's f32 operands, the same bits. With `relu`, dy is the gradient of ReLU(batch norm) and
 * passes where xhat·gamma + beta > 0: the output of simdBatchNorm2dForwardTrain(relu = true), recomputed the same
 * way, so gamma and beta must be those the forward pass used (they change only in the optimizer's update, after
 * backward).
 */
export function simdBatchNorm2dBackward(
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
  beta: FloatArray | null,
  bOff: number,
  dx: FloatArray | null,
  dxOff: number,
  dgamma: FloatArray | null,
  dgOff: number,
  dbeta: FloatArray | null,
  dbOff: number,
  accumulate: boolean,
  relu: boolean,
): boolean {
  const arena = dx === null ? commonArena(simdEnabled, dy, x) : commonArena(simdEnabled, dy, x, dx);
  if (arena === null) return false;
  const planes = B * C;
  const s = scratchFor(arena, C, planes);
  const ch = s.channels,
    part = s.partials;
  const M = B * S;
  const [dya, xa, pa] = [addr(dy, dyOff), addr(x, xOff), part.byteOffset];
  const plane = 4 * C * S,
    partials = 8 * C;
  const ch4 = ch.byteOffset;
  // Operands after k, m0 and m1 (0, C and 2·C): the batch mean and 1/std at 3·C and 4·C, to recompute xhat, and
  // with a fused ReLU γ and β at 5·C and 6·C for its mask.
  for (let c = 0; c < C; c++) {
    ch[3 * C + c] = saveMean[smOff + c];
    ch[4 * C + c] = saveInvStd[sisOff + c];
    if (!relu) continue;
    ch[5 * C + c] = gamma === null ? 1 : gamma[gOff + c];
    ch[6 * C + c] = beta === null ? 0 : beta[bOff + c];
  }
  const operands = [ch4 + 12 * C, ch4 + 16 * C, ...(relu ? [ch4 + 20 * C, ch4 + 24 * C] : [])];
  bySamples(arena, B, M * C, relu ? "grad_sums_from_x_relu" : "grad_sums_from_x", (b0, nb) => [
    dya + b0 * plane,
    xa + b0 * plane,
    nb,
    C,
    S,
    pa + b0 * partials,
    pa + 8 * planes + b0 * partials,
    ...operands,
  ]);
  for (let c = 0; c < C; c++) {
    const s0 = channelTotal(part, 0, B, C, c);
    const s1 = channelTotal(part, planes, B, C, c);
    if (dgamma !== null) dgamma[dgOff + c] = (accumulate ? dgamma[dgOff + c] : 0) + s1;
    if (dbeta !== null) dbeta[dbOff + c] = (accumulate ? dbeta[dbOff + c] : 0) + s0;
    ch[c] = (gamma === null ? 1 : gamma[gOff + c]) * saveInvStd[sisOff + c];
    ch[C + c] = s0 / M;
    ch[2 * C + c] = s1 / M;
  }
  if (dx !== null) {
    const dxa = addr(dx, dxOff);
    bySamples(arena, B, M * C, relu ? "grad_apply_from_x_relu" : "grad_apply_from_x", (b0, nb) => [
      dya + b0 * plane,
      xa + b0 * plane,
      dxa + b0 * plane,
      nb,
      C,
      S,
      ch4,
      ch4 + 4 * C,
      ch4 + 8 * C,
      ...operands,
    ]);
  }
  return true;
}
