import { type Arena, arenaOf } from "../arena.ts";
import type { ConvGeometry } from "../kernels/conv.ts";
import type { FloatArray } from "../types.ts";
import { phasePlaneFloats } from "./im2col-calls.ts";

/*
 * The Arena buffers of the batched convolution (runtime/wasm/conv.ts): a chunk's column matrix and swapped
 * outputs, staging space for operands outside the Arena, and each helper thread's own columns and share of the
 * weight gradient. They are allocated once per Arena and only grow.
 */

export interface Buffers {
  col: Float32Array;
  /** outT or dyT, [O, n·P]. */
  swapped: Float32Array;
  /** The input batch, when it lives outside the Arena (a data loader's batch). */
  staged: Float32Array;
  bias: Float32Array;
}

const buffers = new WeakMap<Arena, Buffers>();

/** A helper thread's buffers: its chunk's columns and swapped outputs, and its share of a weight gradient. */
export interface HelperBuffers {
  col: Float32Array;
  swapped: Float32Array;
  dw: Float32Array;
}

/** Index t − 1 holds helper t's. */
export const helperBuffers = new WeakMap<Arena, HelperBuffers[]>();

/** Floats of a chunk's column matrix (1 MiB). */
const CHUNK_FLOATS = 262_144;

/** Samples per chunk for a column matrix of `perSample` floats per sample. */
function chunkOf(n: number, perSample: number): number {
  return Math.max(1, Math.min(n, Math.floor(CHUNK_FLOATS / perSample)));
}

function grown(arena: Arena, have: Float32Array, n: number): Float32Array {
  return have.length >= n ? have : (arena.floats("f32", Math.max(n, Math.ceil(1.5 * have.length))) as Float32Array);
}

export function buffersFor(arena: Arena, col: number, swapped: number): Buffers {
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
export function inArena(arena: Arena, b: Buffers, key: "staged" | "bias", x: FloatArray, off: number, len: number): number {
  if (x instanceof Float32Array && arenaOf(x) === arena) return x.byteOffset + 4 * off;
  b[key] = grown(arena, b[key], len);
  b[key].set(x.subarray(off, off + len));
  return b[key].byteOffset;
}

/** Sizes of one convolution's products and its chunks, with the Arena's buffers grown to fit a chunk. */
export function chunking(arena: Arena, n: number, g: ConvGeometry) {
  const { C, H, W, O, OH, OW, k, groups } = g;
  const P = OH * OW;
  const m = chunkOf(n, C * k * k * P);
  return {
    P,
    m,
    Og: O / groups,
    Kc: (C / groups) * k * k,
    /** Float offset in a thread's col of the im2col calls' scratch, after a chunk's columns. */
    scratch: C * k * k * m * P,
    b: buffersFor(arena, C * k * k * m * P + phasePlaneFloats(g), O * m * P),
    inSize: C * H * W,
    outSize: O * P,
  };
}

/** Column, swapped and (with dwFloats > 0) weight-gradient buffers for thread t: the shared ones for t = 0. */
export function threadBuffers(arena: Arena, b: Buffers, t: number, dwFloats: number): HelperBuffers {
  if (t === 0) return { col: b.col, swapped: b.swapped, dw: b.col.subarray(0, 0) };
  let list = helperBuffers.get(arena);
  if (list === undefined) helperBuffers.set(arena, (list = []));
  const empty = new Float32Array(0);
  const h = (list[t - 1] ??= { col: empty, swapped: empty, dw: empty });
  h.col = grown(arena, h.col, b.col.length);
  h.swapped = grown(arena, h.swapped, b.swapped.length);
  h.dw = grown(arena, h.dw, dwFloats);
  return h;
}
