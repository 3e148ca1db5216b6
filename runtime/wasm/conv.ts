import { type Arena, arenaOf } from "../arena.ts";
import type { ConvGeometry } from "../kernels/conv.ts";
import type { FloatArray } from "../types.ts";
import { simdAddInto } from "./add.ts";
import { buffersFor, chunking, inArena, threadBuffers } from "./conv-buffers.ts";
import { convThreads, geometryKey, jobFor, runOnThreads, sliceStart } from "./conv-threads.ts";
import { directConvFits, directConvForward, directConvWeightGradient } from "./direct-conv.ts";
import { gemmCall, gemmModule } from "./gemm.ts";
import { columnsCaller, IM2COL_EXPORTS, im2colModule, PERMUTE, ZERO } from "./im2col-calls.ts";
import { im2colModuleBytes } from "./im2col-module.ts";
import { commonArena, instanceIdFor } from "./instances.ts";
import { simdEnabled } from "./simd.ts";
import { KernelProgram } from "./threads.ts";
import { transposedGeometry, winogradConv, winogradFits, winogradWeightGradient } from "./winograd.ts";

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
 *
 * A convolution with few taps (C·k·k ≤ 9, stride 1: a first layer on one-channel images) takes the direct kernel of
 * direct-conv.ts for its output and its weight and bias gradients, whose thin [O, 9] products this layout runs
 * far below the GEMM's rate.
 *
 * 3×3 stride-1 convolutions with enough channels take Winograd instead for all three passes:
 * F(4×4, 3×3), or F(2×2, 3×3) with NNC_WINOGRAD_TILE=2 (winograd4.ts, winograd.ts; NNC_WINOGRAD=0
 * keeps them here).
 *
 * Each pass is written as one KernelProgram per thread (threads.ts), one thread unless there are GEMM
 * threads and enough work: thread t takes a contiguous slice of the samples and runs all of its chunks —
 * im2col, products, axis swaps, col2im — in its own column buffers, one job per layer and pass (built on the
 * layer's first call and reused, conv-threads.ts's jobFor); thread 0 runs its program here. Splitting every product cost a wake-up per
 * chunk and per group and left im2col and the swaps on one thread; this way a layer synchronises once
 * and a helper's columns never leave its core. Outputs and input gradients are per sample, so they
 * are the same bytes for any thread count; the weight gradient is a sum over the batch: thread 0 adds
 * its slice into dw, helper t into its own buffer, and those are added to dw in the order
 * t = 1, 2, …, so it depends on the thread count (as data-parallel training does) but not on timing.
 */

export { convThreads };

/** The Arena of a batched convolution over these buffers, or null when the reference must run. */
function arenaFor(w: FloatArray, ...outputs: FloatArray[]): Arena | null {
  return commonArena(simdEnabled, w, ...outputs);
}

export function batchedConvForward(
  n: number,
  g: ConvGeometry,
  x: FloatArray,
  xOff: number,
  w: FloatArray,
  wOff: number,
  bias: FloatArray | null,
  bOff: number,
  y: FloatArray,
  yOff: number,
  relu: boolean,
): boolean {
  const arena = arenaFor(w, y);
  if (arena === null || n < 1) return false;
  if (directConvFits(g)) {
    const staging = buffersFor(arena, 0, 0);
    const xa = inArena(arena, staging, "staged", x, xOff, n * g.C * g.H * g.W);
    const biasAddr = bias === null ? null : inArena(arena, staging, "bias", bias, bOff, g.O);
    directConvForward(arena, n, g, xa, w.byteOffset + 4 * wOff, biasAddr, y.byteOffset + 4 * yOff, relu);
    return true;
  }
  if (winogradFits(g)) {
    // As in batchedConvBackward: Winograd needs only the staging space, not im2col's column buffers.
    const staging = buffersFor(arena, 0, 0);
    const xa = inArena(arena, staging, "staged", x, xOff, n * g.C * g.H * g.W);
    const biasAddr = bias === null ? 0 : inArena(arena, staging, "bias", bias, bOff, g.O);
    winogradConv(arena, n, g, xa, w.byteOffset + 4 * wOff, false, biasAddr, y.byteOffset + 4 * yOff, relu);
    return true;
  }
  const { O, groups } = g;
  const { P, Og, Kc, m, scratch, b, inSize, outSize } = chunking(arena, n, g);
  const xa = inArena(arena, b, "staged", x, xOff, n * inSize);
  const biasAddr = bias === null ? 0 : inArena(arena, b, "bias", bias, bOff, O);
  const T = convThreads(n, g);
  const wAddr = w.byteOffset + 4 * wOff,
    yAddr = y.byteOffset + 4 * yOff;
  const parallel = jobFor(arena, `convForward ${n},${geometryKey(g)},${xa},${wAddr},${biasAddr},${yAddr},${relu},${T}`, () => {
    const im2colId = instanceIdFor(arena, im2colModuleBytes, IM2COL_EXPORTS);
    const gather = columnsCaller("im2col", g);
    const programs: KernelProgram[] = [];
    for (let t = 0; t < T; t++) {
      const job = new KernelProgram();
      const { col, swapped } = threadBuffers(arena, b, t, 0);
      const scratchAt = col.byteOffset + 4 * scratch;
      for (let s0 = sliceStart(n, T, t), end = sliceStart(n, T, t + 1); s0 < end; s0 += m) {
        const ms = Math.min(m, end - s0),
          NP = ms * P;
        for (let s = 0; s < ms; s++) job.call(im2colId, ...gather(xa + 4 * (s0 + s) * inSize, col.byteOffset + 4 * s * P, NP, scratchAt));
        for (let gi = 0; gi < groups; gi++) {
          // Group gi's weights [Og, Kc], columns [Kc, NP] and output rows [Og, NP].
          const [wg, cg, yg] = [wAddr + 4 * gi * Og * Kc, col.byteOffset + 4 * gi * Kc * NP, swapped.byteOffset + 4 * gi * Og * NP];
          const p = gemmCall(arena, t, Og, NP, Kc, wg, Kc, 1, cg, NP, 1, yg, NP, false);
          job.call(p.id, p.fn, p.args);
        }
        job.call(im2colId, PERMUTE, [swapped.byteOffset, yAddr + 4 * s0 * outSize, O, ms, P, biasAddr, relu ? 1 : 0]);
      }
      programs.push(job);
    }
    return { programs, modules: [im2colModule(im2colId), gemmModule(arena)] };
  });
  runOnThreads(arena, parallel.programs, parallel.modules);
  return true;
}

export function batchedConvBackward(
  n: number,
  g: ConvGeometry,
  x: FloatArray,
  xOff: number,
  w: FloatArray,
  wOff: number,
  dy: FloatArray,
  dyOff: number,
  dw: FloatArray | null,
  dwOff: number,
  dbias: FloatArray | null,
  dbOff: number,
  dx: FloatArray | null,
  dxOff: number,
): boolean {
  const arena = dw === null ? arenaFor(w, dy) : arenaFor(w, dy, dw);
  if (arena === null || n < 1 || (dx !== null && !(dx instanceof Float32Array && arenaOf(dx) === arena))) return false;
  if (directConvFits(g)) {
    // The weight and bias gradients by the direct kernel; an input gradient, if asked for, as below.
    if (dw !== null || dbias !== null) {
      const xa = inArena(arena, buffersFor(arena, 0, 0), "staged", x, xOff, n * g.C * g.H * g.W);
      directConvWeightGradient(arena, n, g, xa, dy.byteOffset + 4 * dyOff, dw, dwOff, dbias, dbOff);
    }
    if (dx === null) return true;
    [dw, dbias] = [null, null];
  }
  if (winogradFits(g)) {
    const dyAddr = dy.byteOffset + 4 * dyOff;
    if (dw !== null) {
      const xa = inArena(arena, buffersFor(arena, 0, 0), "staged", x, xOff, n * g.C * g.H * g.W);
      winogradWeightGradient(arena, n, g, xa, dyAddr, dw.byteOffset + 4 * dwOff);
    }
    if (dx !== null)
      winogradConv(arena, n, transposedGeometry(g), dyAddr, w.byteOffset + 4 * wOff, true, 0, dx.byteOffset + 4 * dxOff, false);
    if (dbias !== null) biasGradient(n, g, dy, dyOff, dbias, dbOff);
    return true;
  }
  const { O, groups } = g;
  const { P, Og, Kc, m, scratch, b, inSize, outSize } = chunking(arena, n, g);
  const xa = dw === null ? 0 : inArena(arena, b, "staged", x, xOff, n * inSize);
  const T = convThreads(n, g);
  const wAddr = w.byteOffset + 4 * wOff,
    dyAddr = dy.byteOffset + 4 * dyOff,
    dwAt = dw === null ? -1 : dw.byteOffset + 4 * dwOff,
    dxAt = dx === null ? -1 : dx.byteOffset + 4 * dxOff;
  const dwFloats = O * Kc;
  const key = `convBackward ${n},${geometryKey(g)},${xa},${wAddr},${dyAddr},${dwAt},${dxAt},${T}`;
  const parallel = jobFor(arena, key, () => {
    const im2colId = instanceIdFor(arena, im2colModuleBytes, IM2COL_EXPORTS);
    // Each helper's share of the weight gradient, added to dw after the run.
    const parts: Float32Array[] = [];
    const gather = columnsCaller("im2col", g);
    const scatter = columnsCaller("col2im", g);
    const programs: KernelProgram[] = [];
    for (let t = 0; t < T; t++) {
      const job = new KernelProgram();
      const { col, swapped: dyT, dw: part } = threadBuffers(arena, b, t, dw === null ? 0 : dwFloats);
      const scratchAt = col.byteOffset + 4 * scratch;
      if (t > 0) parts.push(part.subarray(0, dwFloats));
      const dwAddr = dw === null ? 0 : t === 0 ? dwAt : part.byteOffset;
      let first = true;
      for (let s0 = sliceStart(n, T, t), end = sliceStart(n, T, t + 1); s0 < end; s0 += m) {
        const ms = Math.min(m, end - s0),
          NP = ms * P;
        job.call(im2colId, PERMUTE, [dyAddr + 4 * s0 * outSize, dyT.byteOffset, ms, O, P, 0, 0]);
        if (dw !== null) {
          for (let s = 0; s < ms; s++) job.call(im2colId, ...gather(xa + 4 * (s0 + s) * inSize, col.byteOffset + 4 * s * P, NP, scratchAt));
          // Thread 0 adds into dw; a helper's first chunk overwrites its own buffer, later ones add.
          const accumulate = t === 0 || !first;
          for (let gi = 0; gi < groups; gi++) {
            // dw_g [Og, Kc] (+)= dy_g [Og, NP] · columns_gᵀ.
            const [dg, cg, wg] = [dyT.byteOffset + 4 * gi * Og * NP, col.byteOffset + 4 * gi * Kc * NP, dwAddr + 4 * gi * Og * Kc];
            const p = gemmCall(arena, t, Og, Kc, NP, dg, NP, 1, cg, 1, NP, wg, Kc, accumulate);
            job.call(p.id, p.fn, p.args);
          }
        }
        if (dx !== null) {
          for (let gi = 0; gi < groups; gi++) {
            // dcolumns_g [Kc, NP] = w_gᵀ · dy_g.
            const [wg, dg, cg] = [wAddr + 4 * gi * Og * Kc, dyT.byteOffset + 4 * gi * Og * NP, col.byteOffset + 4 * gi * Kc * NP];
            const p = gemmCall(arena, t, Kc, NP, Og, wg, 1, Kc, dg, NP, 1, cg, NP, false);
            job.call(p.id, p.fn, p.args);
          }
          for (let s = 0; s < ms; s++) {
            // col2im adds into the sample's input gradient, so it starts from zeros (set here, not in a serial pass
            // over the batch before the job: the lines are then in this core's cache as col2im reads them).
            const image = dxAt + 4 * (s0 + s) * inSize;
            job.call(im2colId, ZERO, [image, 4 * inSize]);
            job.call(im2colId, ...scatter(image, col.byteOffset + 4 * s * P, NP, scratchAt));
          }
        }
        first = false;
      }
      programs.push(job);
    }
    return { programs, modules: [im2colModule(im2colId), gemmModule(arena)], parts };
  });
  runOnThreads(arena, parallel.programs, parallel.modules);
  if (dbias !== null) biasGradient(n, g, dy, dyOff, dbias, dbOff);
  if (dw !== null) {
    const target = dw.subarray(dwOff, dwOff + dwFloats);
    for (const part of parallel.parts) if (!simdAddInto(target, part)) for (let i = 0; i < dwFloats; i++) target[i] += part[i];
  }
  return true;
}

/** dbias[o] += the sum of dy over the batch and the plane of channel o. */
function biasGradient(n: number, g: ConvGeometry, dy: FloatArray, dyOff: number, dbias: FloatArray, dbOff: number): void {
  const P = g.OH * g.OW,
    outSize = g.O * P;
  for (let o = 0; o < g.O; o++) {
    let sum = 0;
    for (let s = 0; s < n; s++) for (let t = dyOff + s * outSize + o * P, end = t + P; t < end; t++) sum += dy[t];
    dbias[dbOff + o] += sum;
  }
}
