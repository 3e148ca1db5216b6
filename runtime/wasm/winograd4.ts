import type { Arena } from "../arena.ts";
import type { ConvGeometry } from "../kernels/conv.ts";
import { convThreads, geometryKey, jobFor, runOnThreads, sliceStart, type ThreadedJob } from "./conv-threads.ts";
import { gemmBatchCall, gemmCall, gemmModule } from "./gemm.ts";
import { KC, NR } from "./gemm-layout.ts";
import { instanceIdFor } from "./instances.ts";
import { KernelProgram } from "./threads.ts";
import { buffersOf, filterBuffer, POSITION_PAD, positionStride } from "./winograd-buffers.ts";
import { winograd4ModuleBytes } from "./winograd4-module.ts";
import { TILE_SCRATCH_FLOATS } from "./winograd4-scratch.ts";
import { addFilterGradient, transformFilters } from "./winograd-filters.ts";

/*
 * 3×3 convolutions with stride 1 by Winograd's F(4×4, 3×3): a 4×4 output tile costs 36 multiplications per
 * input channel instead of 144 (direct) or 4 · 16 = 64 (F(2×2, 3×3), winograd.ts), so the batched products do
 * 1.78× less arithmetic than F(2×2, 3×3)'s. The passes are those of winograd.ts with 36 positions ξ instead of
 * 16, over groups of four samples (the layout is winograd4-module.ts's):
 *   U[ξ][O, C]  = G g Gᵀ                                   winograd-filters.ts (formulas: winograd4-weights.ts), once per call
 *   V[ξ][C, NT] = Bᵀ d B of each input tile                winograd4Input, per group of four samples
 *   M[ξ][O, NT] = U[ξ] · V[ξ]            for each of the 36 ξ    the SIMD GEMM
 *   y           = Aᵀ M A (+ bias, ReLU)                    winograd4Output, per group
 * and for the weight gradient D[ξ] = A g Aᵀ of dy's 4×4 tiles (winograd4Gradient), S[ξ] = Σ D[ξ] · V[ξ]ᵀ,
 * dw += Gᵀ S G. The transforms' larger constants (up to 8 in Aᵀ, 5 in Bᵀ, ⅙ and 1⁄24 in G) widen the float32
 * error more than F(2×2, 3×3)'s ±1 and ½ do; test/runtime/wasm/winograd.test.ts measures and bounds it.
 */

/** Floats of a chunk's transformed inputs or products (1 MiB: with 2 MiB, a [16, 28, 28] layer's forward pass took 1.6× as long). */
const CHUNK_FLOATS = 262_144;

const EXPORTS = ["winograd4Input", "winograd4Output", "winograd4Gradient"] as const;
const INPUT = 0,
  OUTPUT = 1,
  GRADIENT = 2;

/** Tile rows and columns of a sample, and tiles per sample. */
export function tiling4(g: ConvGeometry): { TH: number; TW: number; T: number } {
  const TH = Math.ceil(g.OH / 4),
    TW = Math.ceil(g.OW / 4);
  return { TH, TW, T: TH * TW };
}

/** Samples per chunk, a multiple of four: the chunk's transformed inputs or products fill about CHUNK_FLOATS. */
function chunkSamples(g: ConvGeometry, T: number): number {
  return 4 * Math.max(1, Math.floor(CHUNK_FLOATS / (4 * 36 * Math.max(g.C, g.O) * T)));
}

/** Floats of the four planes the transforms go through (the input's are the larger), and the tile scratch after them. */
export function planeFloats(TH: number, TW: number): number {
  return 4 * (4 * TH + 2) * (4 * TW + 4) + TILE_SCRATCH_FLOATS;
}

/**
 * For each thread, the groups of its slice of n samples in chunks of at most m: calls visit(t, s0, ms)
 * for each chunk of ms samples from s0.
 */
function eachChunk(n: number, threads: number, m: number, visit: (t: number, s0: number, ms: number) => void): void {
  for (let t = 0; t < threads; t++) {
    for (let s0 = sliceStart(n, threads, t), end = sliceStart(n, threads, t + 1); s0 < end; s0 += m) visit(t, s0, Math.min(m, end - s0));
  }
}

/** As winogradConv (winograd.ts): y [n, O, OH, OW] = the convolution g of x (+ bias, ReLU), w flipped for an input gradient. */
export function winograd4Conv(
  arena: Arena,
  n: number,
  g: ConvGeometry,
  x: number,
  w: number,
  flipped: boolean,
  bias: number,
  y: number,
  relu: boolean,
): void {
  const { C, O } = g;
  const su = positionStride(O * C);
  const U = filterBuffer(arena, 36 * su);
  transformFilters(arena, 4, w, flipped ? C : O, flipped ? O : C, flipped, U, su);
  const threads = convThreads(n, g);
  const key = `winograd4Conv ${n},${geometryKey(g)},${x},${U.byteOffset},${su},${bias},${y},${relu},${threads}`;
  const job = jobFor(arena, key, () => convPrograms(arena, n, g, threads, x, U.byteOffset, su, bias, y, relu));
  runOnThreads(arena, job.programs, job.modules);
}

/** winograd4Conv's programs: thread t's chunks of its slice of the batch, each transformed, multiplied and transformed back. */
function convPrograms(
  arena: Arena,
  n: number,
  g: ConvGeometry,
  threads: number,
  x: number,
  U: number,
  su: number,
  bias: number,
  y: number,
  relu: boolean,
): ThreadedJob {
  const { C, H, W, O, OH, OW, pad } = g;
  const { TH, TW, T } = tiling4(g);
  const m = chunkSamples(g, T);
  const id = instanceIdFor(arena, winograd4ModuleBytes, EXPORTS);
  const inBytes = 4 * C * H * W,
    outBytes = 4 * O * OH * OW;
  const packed = C <= KC;
  const programs = Array.from({ length: threads }, () => new KernelProgram());
  eachChunk(n, threads, m, (t, s0, ms) => {
    const job = programs[t];
    const groups = Math.ceil(ms / 4),
      NT = 4 * groups * T;
    // V[ξ] straight in the GEMM's panels of NR columns (the last one padded), so the products skip packing B.
    const sv = positionStride(packed ? C * NR * Math.ceil(NT / NR) : C * NT),
      sm = positionStride(O * NT);
    const b = buffersOf(arena, t, planeFloats(TH, TW), 36 * (C * (m * T + NR) + POSITION_PAD), 36 * (O * m * T + POSITION_PAD));
    const [planes, V, M] = [b.plane.byteOffset, b.V.byteOffset, b.M.byteOffset];
    for (let q = 0; q < groups; q++) {
      const lanes = Math.min(4, ms - 4 * q);
      // The group's first column, 4·q·T, in the panels: (4·q·T / NR)·NR·C floats and 4·q·T mod NR further.
      const first = 4 * q * T,
        at = packed ? 4 * (Math.floor(first / NR) * NR * C + (first % NR)) : 4 * first;
      const layout = packed ? [4 * NR * C, (first % NR) / 4] : [0, 0];
      job.call(id, INPUT, [x + (s0 + 4 * q) * inBytes, inBytes, lanes, planes, V + at, C, H, W, pad, TH, TW, NT, sv, ...layout]);
    }
    // M[ξ] = U[ξ] · V[ξ] for the 36 positions ξ, one batched call.
    const p = gemmBatchCall(gemmCall(arena, t, O, NT, C, U, C, 1, V, NT, 1, M, NT, false, packed), 36, 4 * su, 4 * sv, 4 * sm);
    job.call(p.id, p.fn, p.args);
    for (let q = 0; q < groups; q++) {
      const lanes = Math.min(4, ms - 4 * q);
      job.call(id, OUTPUT, [
        M + 16 * q * T,
        planes,
        y + (s0 + 4 * q) * outBytes,
        outBytes,
        lanes,
        O,
        OH,
        OW,
        TH,
        TW,
        NT,
        bias,
        relu ? 1 : 0,
        sm,
      ]);
    }
  });
  return { programs, modules: [{ id, bytes: winograd4ModuleBytes, names: EXPORTS }, gemmModule(arena)] };
}

/** As winogradWeightGradient (winograd.ts): dw [O, C, 3, 3] += the weight gradient of g given x and dy. */
export function winograd4WeightGradient(arena: Arena, n: number, g: ConvGeometry, x: number, dy: number, dw: number): void {
  const threads = convThreads(n, g);
  const OC = g.O * g.C;
  const job = jobFor(arena, `winograd4WeightGradient ${n},${geometryKey(g)},${x},${dy},${threads}`, () =>
    gradientPrograms(arena, n, g, threads, x, dy),
  );
  runOnThreads(arena, job.programs, job.modules);
  addFilterGradient(arena, 4, job.sums, OC, positionStride(OC), dw);
}

/** winograd4WeightGradient's programs, and each thread's sums S[ξ][O, C] over its slice that they leave. */
function gradientPrograms(
  arena: Arena,
  n: number,
  g: ConvGeometry,
  threads: number,
  x: number,
  dy: number,
): ThreadedJob & { sums: Float32Array[] } {
  const { C, H, W, O, OH, OW, pad } = g;
  const { TH, TW, T } = tiling4(g);
  const m = chunkSamples(g, T);
  const id = instanceIdFor(arena, winograd4ModuleBytes, EXPORTS);
  const inBytes = 4 * C * H * W,
    outBytes = 4 * O * OH * OW,
    OC = O * C,
    ss = positionStride(OC);
  const programs = Array.from({ length: threads }, () => new KernelProgram());
  // Slices are not empty (convThreads gives at most one thread per sample), so every thread's sums are written.
  const sums: Float32Array[] = [];
  const first: boolean[] = [];
  eachChunk(n, threads, m, (t, s0, ms) => {
    const job = programs[t];
    const groups = Math.ceil(ms / 4),
      NT = 4 * groups * T;
    const sv = positionStride(C * NT),
      sd = positionStride(O * NT);
    const b = buffersOf(arena, t, planeFloats(TH, TW), 36 * (C * m * T + POSITION_PAD), 36 * (O * m * T + POSITION_PAD), 36 * ss);
    const [planes, V, D, S] = [b.plane.byteOffset, b.V.byteOffset, b.M.byteOffset, b.S.byteOffset];
    sums[t] = b.S.subarray(0, 36 * ss);
    for (let q = 0; q < groups; q++) {
      const lanes = Math.min(4, ms - 4 * q);
      job.call(id, INPUT, [x + (s0 + 4 * q) * inBytes, inBytes, lanes, planes, V + 16 * q * T, C, H, W, pad, TH, TW, NT, sv, 0, 0]);
      job.call(id, GRADIENT, [dy + (s0 + 4 * q) * outBytes, outBytes, lanes, planes, D + 16 * q * T, O, OH, OW, TH, TW, NT, sd]);
    }
    // S[ξ] (+)= D[ξ] · V[ξ]ᵀ: [O, NT] · [NT, C]; a thread's first chunk overwrites its sums.
    const accumulate = first[t] === false;
    const p = gemmBatchCall(gemmCall(arena, t, O, C, NT, D, NT, 1, V, 1, NT, S, C, accumulate), 36, 4 * sd, 4 * sv, 4 * ss);
    job.call(p.id, p.fn, p.args);
    first[t] = false;
  });
  return { programs, modules: [{ id, bytes: winograd4ModuleBytes, names: EXPORTS }, gemmModule(arena)], sums };
}
