import type { Arena } from "../arena.ts";
import type { ConvGeometry } from "../kernels/conv.ts";
import type { FloatArray } from "../types.ts";
import { simdMatmulNN, simdMatmulNT, simdMatmulTN } from "./gemm.ts";
import { im2colModuleBytes } from "./im2col-module.ts";
import { commonArena, kernelsFor } from "./instances.ts";
import { arenaOf } from "./registry.ts";
import { simdEnabled } from "./simd.ts";

/*
 * Convolution of a batch in chunks of m samples, as three products per chunk, for float32 models on
 * an Arena with SIMD. The reference (runtime/kernels/conv.ts) lowers one sample at a time, so every
 * product repacks the weights and has only OH·OW columns (49 for a 7×7 map). Here a chunk's column
 * matrices sit side by side as one col[C·k·k, m·P] (P = OH·OW), so per group
 *   forward      outT[Og, m·P] = w_g · col_g                      then outT [O, m, P] → y [m, O, P]
 *   weight grad  dw_g += dyT_g · col_gᵀ                           with dyT = dy [m, O, P] → [O, m, P]
 *   input grad   dcol_g = w_gᵀ · dyT_g, then col2im sample by sample
 * m is chosen so that col stays about the size of a core's L2 cache: one col for the whole batch
 * (megabytes, rows n·P apart) made im2col and the GEMM's packing miss the cache on every row.
 * The axis swaps (`permute`) carry the bias and ReLU epilogue. The sums are the same as the
 * reference's, in float32 lanes; test/runtime/wasm/conv.test.ts compares the two.
 */

interface Buffers {
  col: Float32Array;
  /** outT or dyT, [O, n·P]. */
  swapped: Float32Array;
  /** The input batch, when it lives outside the Arena (a data loader's batch). */
  staged: Float32Array;
  bias: Float32Array;
}

const buffers = new WeakMap<Arena, Buffers>();

/** Floats of a chunk's column matrix (1 MiB). */
const CHUNK_FLOATS = 262_144;

/** Samples per chunk for a column matrix of `perSample` floats per sample. */
function chunkOf(n: number, perSample: number): number {
  return Math.max(1, Math.min(n, Math.floor(CHUNK_FLOATS / perSample)));
}

function grown(arena: Arena, have: Float32Array, n: number): Float32Array {
  return have.length >= n ? have : (arena.floats("f32", Math.max(n, Math.ceil(1.5 * have.length))) as Float32Array);
}

function buffersFor(arena: Arena, col: number, swapped: number): Buffers {
  let b = buffers.get(arena);
  if (b === undefined) {
    const empty = new Float32Array(0);
    buffers.set(arena, (b = { col: empty, swapped: empty, staged: empty, bias: empty }));
  }
  b.col = grown(arena, b.col, col);
  b.swapped = grown(arena, b.swapped, swapped);
  return b;
}

/** Byte address of x[off…off+len) inside the arena, copying it into staging space when it is elsewhere. */
function inArena(arena: Arena, b: Buffers, key: "staged" | "bias", x: FloatArray, off: number, len: number): number {
  if (x instanceof Float32Array && arenaOf(x) === arena) return x.byteOffset + 4 * off;
  b[key] = grown(arena, b[key], len);
  b[key].set(x.subarray(off, off + len));
  return b[key].byteOffset;
}

/** The Arena of a batched convolution over these buffers, or null when the reference must run. */
function arenaFor(w: FloatArray, ...outputs: FloatArray[]): Arena | null {
  return commonArena(simdEnabled, w, ...outputs);
}

/** Sizes of one convolution's products and its chunks, with the Arena's buffers grown to fit a chunk. */
function chunking(arena: Arena, n: number, g: ConvGeometry) {
  const { C, H, W, O, OH, OW, k, groups } = g;
  const P = OH * OW;
  const m = chunkOf(n, C * k * k * P);
  return {
    P, m,
    Og: O / groups,
    Kc: (C / groups) * k * k,
    b: buffersFor(arena, C * k * k * m * P, O * m * P),
    kernels: kernelsFor(arena, im2colModuleBytes),
    inSize: C * H * W,
    outSize: O * P,
  };
}

export function batchedConvForward(
  n: number, g: ConvGeometry, x: FloatArray, xOff: number, w: FloatArray, wOff: number,
  bias: FloatArray | null, bOff: number, y: FloatArray, yOff: number, relu: boolean,
): boolean {
  const arena = arenaFor(w, y);
  if (arena === null || n < 1) return false;
  const { C, H, W, O, OH, OW, k, stride, pad, dil, groups } = g;
  const { P, Og, Kc, m, b, kernels, inSize, outSize } = chunking(arena, n, g);
  const xa = inArena(arena, b, "staged", x, xOff, n * inSize);
  const biasAddr = bias === null ? 0 : inArena(arena, b, "bias", bias, bOff, O);
  for (let s0 = 0; s0 < n; s0 += m) {
    const ms = Math.min(m, n - s0), NP = ms * P;
    for (let s = 0; s < ms; s++) {
      kernels.im2col(xa + 4 * (s0 + s) * inSize, b.col.byteOffset + 4 * s * P, C, H, W, OH, OW, k, stride, pad, dil, NP);
    }
    for (let gi = 0; gi < groups; gi++) {
      simdMatmulNN(Og, NP, Kc, w, wOff + gi * Og * Kc, b.col, gi * Kc * NP, b.swapped, gi * Og * NP, false);
    }
    kernels.permute(b.swapped.byteOffset, y.byteOffset + 4 * (yOff + s0 * outSize), O, ms, P, biasAddr, relu ? 1 : 0);
  }
  return true;
}

export function batchedConvBackward(
  n: number, g: ConvGeometry, x: FloatArray, xOff: number, w: FloatArray, wOff: number, dy: FloatArray, dyOff: number,
  dw: FloatArray | null, dwOff: number, dbias: FloatArray | null, dbOff: number, dx: FloatArray | null, dxOff: number,
): boolean {
  const arena = dw === null ? arenaFor(w, dy) : arenaFor(w, dy, dw);
  if (arena === null || n < 1 || (dx !== null && !(dx instanceof Float32Array && arenaOf(dx) === arena))) return false;
  const { C, H, W, O, OH, OW, k, stride, pad, dil, groups } = g;
  const { P, Og, Kc, m, b, kernels, inSize, outSize } = chunking(arena, n, g);
  const dyT = b.swapped;
  const xa = dw === null ? 0 : inArena(arena, b, "staged", x, xOff, n * inSize);
  if (dx !== null) dx.fill(0, dxOff, dxOff + n * inSize);
  for (let s0 = 0; s0 < n; s0 += m) {
    const ms = Math.min(m, n - s0), NP = ms * P;
    kernels.permute(dy.byteOffset + 4 * (dyOff + s0 * outSize), dyT.byteOffset, ms, O, P, 0, 0);
    if (dbias !== null) {
      for (let o = 0; o < O; o++) {
        let sum = 0;
        for (let t = o * NP; t < (o + 1) * NP; t++) sum += dyT[t];
        dbias[dbOff + o] += sum;
      }
    }
    if (dw !== null) {
      for (let s = 0; s < ms; s++) {
        kernels.im2col(xa + 4 * (s0 + s) * inSize, b.col.byteOffset + 4 * s * P, C, H, W, OH, OW, k, stride, pad, dil, NP);
      }
      for (let gi = 0; gi < groups; gi++) {
        simdMatmulNT(Og, Kc, NP, dyT, gi * Og * NP, b.col, gi * Kc * NP, dw, dwOff + gi * Og * Kc, null, 0, false, true);
      }
    }
    if (dx !== null) {
      for (let gi = 0; gi < groups; gi++) {
        simdMatmulTN(Kc, NP, Og, w, wOff + gi * Og * Kc, dyT, gi * Og * NP, b.col, gi * Kc * NP, false);
      }
      for (let s = 0; s < ms; s++) {
        kernels.col2im(b.col.byteOffset + 4 * s * P, dx.byteOffset + 4 * (dxOff + (s0 + s) * inSize), C, H, W, OH, OW, k, stride, pad, dil, NP);
      }
    }
  }
  return true;
}
