import type { Arena } from "../arena.ts";
import type { ConvGeometry } from "../kernels/conv.ts";
import { convThreads, geometryKey, jobFor, runOnThreads, sliceStart } from "./conv-threads.ts";
import { buffersOf, filterBuffer, POSITION_PAD, positionStride } from "./winograd-buffers.ts";
import { tiling4, winograd4Conv, winograd4WeightGradient } from "./winograd4.ts";
import { gemmBatchCall, gemmCall, gemmModule } from "./gemm.ts";
import { instanceIdFor } from "./instances.ts";
import { KernelProgram } from "./threads.ts";
import { winogradModuleBytes } from "./winograd-module.ts";
import { addFilterGradient, transformFilters } from "./winograd-filters.ts";

/*
 * 3×3 convolutions with stride 1, dilation 1 and one group by Winograd's F(2×2, 3×3): a 2×2 output tile
 * costs 16 multiplications per input channel instead of 36, so the batched products (the step's bulk)
 * do 2.25× less arithmetic. For a chunk of samples, with tiles numbered as winograd-module.ts says
 * (T per sample, NT = samples · T in the chunk):
 *   U[ξ][O, C]  = G g Gᵀ of each filter (winograd-filters.ts, float64, once per call: O·C small matrices)
 *   V[ξ][C, NT] = Bᵀ d B of each input tile                          winogradInput, per sample
 *   M[ξ][O, NT] = U[ξ] · V[ξ]           for each of the 16 ξ          the SIMD GEMM
 *   y           = Aᵀ M A (+ bias, ReLU)                              winogradOutput, per sample
 *   G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1].
 * The input gradient of such a convolution is again one (stride 1, 3×3): dx = conv(dy, w′) with
 * w′[c, o, u, v] = w[o, c, 2 − u, 2 − v] and padding 2 − pad, so it takes the same path with the
 * filters flipped and transposed as they are transformed. The weight gradient is the transposed algorithm
 * F(3×3, 2×2) over the same tiles, with dy's 2×2 tiles in the filter's place:
 *   D[ξ][O, NT] = A g Aᵀ of each 2×2 tile g of dy                     winogradGradient, per sample
 *   S[ξ][O, C]  = Σ_tiles D[ξ] · V[ξ]ᵀ   for each ξ                    the SIMD GEMM, summed over chunks
 *   dw         += Gᵀ S G                                              winograd-filters.ts, float64, once per call
 * (the chain rule through y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A). Each thread sums its own slice's S; the
 * slices' sums are added in thread order, so dw depends on the thread count as the direct path's does.
 *
 * The result differs from the direct sum by rounding only; the transforms' constants (½, ±1) widen
 * the float32 error by a small factor, measured and bounded in test/runtime/wasm/winograd.test.ts and
 * docs/performance.md. Threads split the batch as the direct path does (conv-threads.ts), every thread
 * in its own buffers, so outputs are the same bytes for any thread count.
 * NNC_WINOGRAD=0 turns the path off (every convolution then runs as im2col + GEMM); NNC_WINOGRAD=1 takes it
 * for every convolution it can run, also where it does not pay (winogradFits).
 *
 * By default every pass takes F(4×4, 3×3) instead, winograd4.ts: winogradConv and winogradWeightGradient hand
 * over to it when WinogradTiles (below) say so; NNC_WINOGRAD_TILE=2 keeps every pass here.
 */

/** Below this many input or output channels a layer stays direct: the products are too thin to pay for the transforms. */
const MIN_CHANNELS = 8;
/**
 * Above this ratio of Winograd's multiplications to the direct convolution's (9 per output pixel) a layer
 * stays direct. F(4×4, 3×3) does 36 per 4×4 tile: 0.25 on 28×28, 0.33 on 14×14 and 7×7, 0.64 on 5×5.
 * F(2×2, 3×3) does 16 per 2×2 tile with tile rows padded to whole vectors: 0.51 on 28×28 and 14×14, 0.58
 * on 7×7, and a 3×3 or 5×5 map pads its tiles to half or more waste.
 */
const MAX_WORK_RATIO = 0.75;

/** Floats of a chunk's transformed inputs or products (2 MiB). */
const CHUNK_FLOATS = 524_288;

const WINOGRAD_EXPORTS = ["winogradInput", "winogradOutput", "winogradGradient"] as const;
const INPUT = 0,
  OUTPUT = 1,
  GRADIENT = 2;

/**
 * "auto": every convolution the path can run and that it speeds up (the default); "on": every one it can
 * run (NNC_WINOGRAD=1, for tests and measurements); "off": none (NNC_WINOGRAD=0).
 */
export type WinogradMode = "auto" | "on" | "off";

function modeFromEnvironment(): WinogradMode {
  const env = typeof process !== "undefined" ? process.env?.NNC_WINOGRAD : undefined;
  return env === "0" ? "off" : env === "1" ? "on" : "auto";
}

let mode: WinogradMode = modeFromEnvironment();

export function winogradMode(): WinogradMode {
  return mode;
}

/** Sets the mode for this process, e.g. to compare with the direct path. */
export function setWinogradMode(m: WinogradMode): void {
  mode = m;
}

/**
 * Whether a convolution of geometry g (forward) takes the Winograd path for all three passes. It can
 * when it is 3×3, stride 1, dilation 1, one group, padding at most 2 (so the input gradient's padding
 * 2 − pad is one too); under "auto" only when it also has at least MIN_CHANNELS channels in and out and
 * a work ratio of at most MAX_WORK_RATIO.
 */
export function winogradFits(g: ConvGeometry): boolean {
  if (mode === "off" || g.k !== 3 || g.stride !== 1 || g.dil !== 1 || g.groups !== 1 || g.pad > 2 || g.OH < 1 || g.OW < 1) return false;
  if (mode === "on") return true;
  const products = (t: 2 | 4): number => (t === 4 ? 36 * tiling4(g).T : 16 * tiling(g).T);
  const most = Math.max(products(tiles.forward), products(tiles.gradients));
  return g.C >= MIN_CHANNELS && g.O >= MIN_CHANNELS && most / (9 * g.OH * g.OW) <= MAX_WORK_RATIO;
}

/**
 * The output tile of each pass: 4, Winograd F(4×4, 3×3) (winograd4.ts: 1.78× fewer multiplications than
 * F(2×2, 3×3) and no padding tiles; the default for every pass), or 2, F(2×2, 3×3) (this file: a third to an
 * eighth of F(4×4, 3×3)'s rounding error, 10⁻⁶ rather than 10⁻⁵ of an output's size). Both are far inside what
 * the PyTorch parity cases tolerate: test/parity/cases/cnn_winograd_3x3 passes at 0.03–0.05 of its tolerance
 * with either, and with im2col + GEMM. (Its first version failed by 1,200× with F(4×4, 3×3) outputs, and as much
 * with any other change of rounding, a different summation order in batch norm included: scaling its initial
 * weights by 1 + 10⁻⁷ moved PyTorch's own result as far. test/parity/generate_cnn_cases.py now rejects a case
 * that rounding-sized noise can fail.) NNC_WINOGRAD_TILE=2 takes F(2×2, 3×3) for every pass, NNC_WINOGRAD_TILE=4
 * (or unset) F(4×4, 3×3).
 */
export interface WinogradTiles {
  readonly forward: 2 | 4;
  readonly gradients: 2 | 4;
}

function tilesFromEnvironment(): WinogradTiles {
  const env = typeof process !== "undefined" ? process.env?.NNC_WINOGRAD_TILE : undefined;
  return env === "2" ? { forward: 2, gradients: 2 } : { forward: 4, gradients: 4 };
}

let tiles: WinogradTiles = tilesFromEnvironment();

export function winogradTiles(): WinogradTiles {
  return tiles;
}

/** Sets the tiles for this process, e.g. to compare the two algorithms. */
export function setWinogradTiles(t: WinogradTiles): void {
  tiles = t;
}

/** The input gradient of g as a forward convolution from dy [O, OH, OW] to dx [C, H, W]. */
export function transposedGeometry(g: ConvGeometry): ConvGeometry {
  return { C: g.O, H: g.OH, W: g.OW, O: g.C, OH: g.H, OW: g.W, k: 3, stride: 1, pad: 2 - g.pad, dil: 1, groups: 1 };
}

/** Tile rows, tiles per row padded to whole vectors, and tiles per sample. */
function tiling(g: ConvGeometry): { TH: number; TWp: number; T: number } {
  const TH = Math.ceil(g.OH / 2);
  const TWp = Math.ceil(Math.ceil(g.OW / 2) / 4) * 4;
  return { TH, TWp, T: TH * TWp };
}

/** Samples per chunk: the chunk's transformed inputs or products fill about CHUNK_FLOATS. */
function chunkSamples(n: number, g: ConvGeometry, T: number): number {
  return Math.max(1, Math.min(n, Math.floor(CHUNK_FLOATS / (16 * Math.max(g.C, g.O) * T))));
}

/**
 * y [n, O, OH, OW] (overwritten) = the convolution g of x [n, C, H, W] (+ bias, ReLU), every address a
 * byte address in `arena`; the filters are w [O, C, 3, 3] at wOff, or with `flipped` (for an input
 * gradient, g = transposedGeometry of the layer) the layer's w [C, O, 3, 3] read as w′ above.
 */
export function winogradConv(
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
  if ((flipped ? tiles.gradients : tiles.forward) === 4) return winograd4Conv(arena, n, g, x, w, flipped, bias, y, relu);
  const { C, H, W, O, OH, OW, pad } = g;
  const { TH, TWp, T } = tiling(g);
  const m = chunkSamples(n, g, T);
  const su = positionStride(O * C);
  const U = filterBuffer(arena, 16 * su);
  transformFilters(arena, 2, w, flipped ? C : O, flipped ? O : C, flipped, U, su);
  const threads = convThreads(n, g);
  const key = `winogradConv ${n},${geometryKey(g)},${x},${U.byteOffset},${su},${bias},${y},${relu},${threads}`;
  const job = jobFor(arena, key, () => {
    const id = instanceIdFor(arena, winogradModuleBytes, WINOGRAD_EXPORTS);
    const inSize = C * H * W,
      outSize = O * OH * OW;
    const planeFloats = (2 * TH + 2) * (2 * TWp + 4);
    const programs: KernelProgram[] = [];
    for (let t = 0; t < threads; t++) {
      const program = new KernelProgram();
      const b = buffersOf(arena, t, planeFloats, 16 * (C * m * T + POSITION_PAD), 16 * (O * m * T + POSITION_PAD));
      const [plane, V, M] = [b.plane.byteOffset, b.V.byteOffset, b.M.byteOffset];
      for (let s0 = sliceStart(n, threads, t), end = sliceStart(n, threads, t + 1); s0 < end; s0 += m) {
        const ms = Math.min(m, end - s0),
          NT = ms * T;
        const sv = positionStride(C * NT),
          sm = positionStride(O * NT);
        for (let s = 0; s < ms; s++)
          program.call(id, INPUT, [x + 4 * (s0 + s) * inSize, plane, V + 4 * s * T, C, H, W, pad, TH, TWp, NT, sv]);
        // M[ξ] = U[ξ] · V[ξ] for the 16 positions ξ, one batched call.
        const p = gemmBatchCall(gemmCall(arena, t, O, NT, C, U.byteOffset, C, 1, V, NT, 1, M, NT, false), 16, 4 * su, 4 * sv, 4 * sm);
        program.call(p.id, p.fn, p.args);
        for (let s = 0; s < ms; s++)
          program.call(id, OUTPUT, [M + 4 * s * T, plane, y + 4 * (s0 + s) * outSize, O, OH, OW, TH, TWp, NT, bias, relu ? 1 : 0, sm]);
      }
      programs.push(program);
    }
    return { programs, modules: [{ id, bytes: winogradModuleBytes, names: WINOGRAD_EXPORTS }, gemmModule(arena)] };
  });
  runOnThreads(arena, job.programs, job.modules);
}

/**
 * dw [O, C, 3, 3] += the weight gradient of the convolution g (forward geometry) given x [n, C, H, W] and
 * dy [n, O, OH, OW] at byte addresses in `arena`.
 */
export function winogradWeightGradient(arena: Arena, n: number, g: ConvGeometry, x: number, dy: number, dw: number): void {
  if (tiles.gradients === 4) return winograd4WeightGradient(arena, n, g, x, dy, dw);
  const { C, H, W, O, OH, OW, pad } = g;
  const { TH, TWp, T } = tiling(g);
  const m = chunkSamples(n, g, T);
  const threads = convThreads(n, g);
  const inSize = C * H * W,
    outSize = O * OH * OW,
    OC = O * C,
    ss = positionStride(OC);
  const job = jobFor(arena, `winogradWeightGradient ${n},${geometryKey(g)},${x},${dy},${threads}`, () => {
    const id = instanceIdFor(arena, winogradModuleBytes, WINOGRAD_EXPORTS);
    const planeFloats = (2 * TH + 2) * (2 * TWp + 4);
    const programs: KernelProgram[] = [];
    const sums: Float32Array[] = [];
    for (let t = 0; t < threads; t++) {
      const program = new KernelProgram();
      const b = buffersOf(arena, t, planeFloats, 16 * (C * m * T + POSITION_PAD), 16 * (O * m * T + POSITION_PAD), 16 * ss);
      const [plane, V, D, S] = [b.plane.byteOffset, b.V.byteOffset, b.M.byteOffset, b.S.byteOffset];
      // Slices are not empty (convThreads gives at most one thread per sample), so every thread's sums are written.
      sums.push(b.S.subarray(0, 16 * ss));
      let first = true;
      for (let s0 = sliceStart(n, threads, t), end = sliceStart(n, threads, t + 1); s0 < end; s0 += m) {
        const ms = Math.min(m, end - s0),
          NT = ms * T;
        const sv = positionStride(C * NT),
          sd = positionStride(O * NT);
        for (let s = 0; s < ms; s++) {
          program.call(id, INPUT, [x + 4 * (s0 + s) * inSize, plane, V + 4 * s * T, C, H, W, pad, TH, TWp, NT, sv]);
          program.call(id, GRADIENT, [dy + 4 * (s0 + s) * outSize, plane, D + 4 * s * T, O, OH, OW, TH, TWp, NT, sd]);
        }
        // S[ξ] (+)= D[ξ] · V[ξ]ᵀ: [O, NT] · [NT, C]; a thread's first chunk overwrites its sums.
        const p = gemmBatchCall(gemmCall(arena, t, O, C, NT, D, NT, 1, V, 1, NT, S, C, !first), 16, 4 * sd, 4 * sv, 4 * ss);
        program.call(p.id, p.fn, p.args);
        first = false;
      }
      programs.push(program);
    }
    return { programs, modules: [{ id, bytes: winogradModuleBytes, names: WINOGRAD_EXPORTS }, gemmModule(arena)], sums };
  });
  runOnThreads(arena, job.programs, job.modules);
  addFilterGradient(arena, 2, job.sums, OC, ss, dw);
}
