import type { Arena } from "../arena.ts";
import type { ConvGeometry } from "../kernels/conv.ts";
import type { FloatArray } from "../types.ts";
import { convThreads, runOnThreads, sliceStart } from "./conv-threads.ts";
import { type DirectConvShape, directConvModuleBytes, MAX_TAPS } from "./direct-conv-module.ts";
import { instanceIdFor } from "./instances.ts";
import { fmaEnabled } from "./simd.ts";
import { KernelProgram } from "./threads.ts";

/*
 * Dispatch of the few-taps direct convolution (direct-conv-module.ts) for conv.ts: the forward pass, and the weight
 * and bias gradients of a layer whose input gradient is not needed (a network's first layer). Thread t takes a
 * contiguous slice of the samples with its own padded plane. The weight gradient comes back as one row of sums per
 * sample and output channel, added here in sample order, so it is the same bytes on any number of threads.
 */

/** Whether the direct kernel takes this convolution: stride 1, at most MAX_TAPS taps, output rows of 4 or more. */
export function directConvFits(g: ConvGeometry): boolean {
  return g.stride === 1 && g.dil === 1 && g.groups === 1 && g.C * g.k * g.k <= MAX_TAPS && g.OW >= 4 && g.OH >= 1 && g.pad < g.k;
}

const EXPORTS = ["forward", "weight_grad"] as const;
const FORWARD = 0,
  WEIGHT_GRAD = 1;

/** One module per input shape (a network has one or two such layers), compiled once. */
const modules = new Map<string, () => Uint8Array>();

/** The bytes function of g's module: the same function for the same shape, so instances are kept per Arena. */
function moduleFor(g: ConvGeometry): () => Uint8Array {
  const shape: DirectConvShape = { C: g.C, H: g.H, W: g.W, k: g.k, pad: g.pad };
  const key = `${shape.C},${shape.H},${shape.W},${shape.k},${shape.pad},${fmaEnabled}`;
  let bytes = modules.get(key);
  if (bytes === undefined) {
    const compiled = directConvModuleBytes(shape, fmaEnabled);
    modules.set(key, (bytes = () => compiled));
  }
  return bytes;
}

/** Each thread's zero-padded plane, C·(H + 2·pad)·(W + 2·pad) floats; grown, never shrunk. */
const planes = new WeakMap<Arena, Float32Array[]>();

function planeFor(arena: Arena, t: number, g: ConvGeometry): number {
  let list = planes.get(arena);
  if (list === undefined) planes.set(arena, (list = []));
  const floats = g.C * (g.H + 2 * g.pad) * (g.W + 2 * g.pad);
  if (list[t] === undefined || list[t].length < floats) list[t] = arena.floats("f32", floats) as Float32Array;
  return list[t].byteOffset;
}

/** Per-sample sums of the weight gradient: n·O rows of C·k·k + 1 float64s; grown, never shrunk. */
const partials = new WeakMap<Arena, Float64Array>();

function partialsFor(arena: Arena, floats: number): Float64Array {
  let p = partials.get(arena);
  if (p === undefined || p.length < floats) partials.set(arena, (p = arena.floats("f64", floats) as Float64Array));
  return p;
}

/** Runs one call per thread over its slice of the n samples: args(s0, ns, plane) gives the export's arguments. */
function bySamples(arena: Arena, n: number, g: ConvGeometry, fn: number, args: (s0: number, ns: number, plane: number) => number[]): void {
  const bytes = moduleFor(g);
  const id = instanceIdFor(arena, bytes, EXPORTS);
  const T = convThreads(n, g);
  const programs: KernelProgram[] = [];
  for (let t = 0; t < T; t++) {
    const job = new KernelProgram();
    const s0 = sliceStart(n, T, t);
    job.call(id, fn, args(s0, sliceStart(n, T, t + 1) - s0, planeFor(arena, t, g)));
    programs.push(job);
  }
  runOnThreads(arena, programs, [{ id, bytes, names: EXPORTS }]);
}

/** y = conv(x, w) (+ bias) (then ReLU) for n samples; addresses are bytes in the arena, biasAddr null without a bias. */
export function directConvForward(
  arena: Arena,
  n: number,
  g: ConvGeometry,
  xAddr: number,
  wAddr: number,
  biasAddr: number | null,
  yAddr: number,
  relu: boolean,
): void {
  const [inBytes, outBytes] = [4 * g.C * g.H * g.W, 4 * g.O * g.OH * g.OW];
  bySamples(arena, n, g, FORWARD, (s0, ns, plane) => [
    xAddr + s0 * inBytes,
    plane,
    wAddr,
    biasAddr ?? wAddr,
    biasAddr === null ? 0 : 1,
    yAddr + s0 * outBytes,
    ns,
    g.O,
    relu ? 1 : 0,
  ]);
}

/** dw += Σ_s dy ⋆ x and, when given, dbias += Σ dy, for n samples (dw [O, C·k·k] at dwOff, dbias [O] at dbOff). */
export function directConvWeightGradient(
  arena: Arena,
  n: number,
  g: ConvGeometry,
  xAddr: number,
  dyAddr: number,
  dw: FloatArray | null,
  dwOff: number,
  dbias: FloatArray | null,
  dbOff: number,
): void {
  const taps = g.C * g.k * g.k,
    row = taps + 1;
  const part = partialsFor(arena, n * g.O * row);
  const [inBytes, outBytes] = [4 * g.C * g.H * g.W, 4 * g.O * g.OH * g.OW];
  bySamples(arena, n, g, WEIGHT_GRAD, (s0, ns, plane) => [
    xAddr + s0 * inBytes,
    plane,
    dyAddr + s0 * outBytes,
    part.byteOffset + 8 * s0 * g.O * row,
    ns,
    g.O,
  ]);
  for (let o = 0; o < g.O; o++) {
    for (let t = 0; t < row; t++) {
      let sum = 0;
      for (let s = 0; s < n; s++) sum += part[(s * g.O + o) * row + t];
      if (t < taps) {
        if (dw !== null) dw[dwOff + o * taps + t] += sum;
      } else if (dbias !== null) dbias[dbOff + o] += sum;
    }
  }
}
