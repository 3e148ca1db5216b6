import type { Arena } from "../arena.ts";

/*
 * Scratch of the Winograd paths (winograd.ts, winograd4.ts), per arena and thread, from the arena's workspace
 * and grown as larger layers need it: each thread transforms, multiplies and sums in buffers of its own.
 */

export interface ThreadBuffers {
  /** Padded image planes the transforms read and write through. */
  plane: Float32Array;
  /** A chunk's transformed inputs. */
  V: Float32Array;
  /** A chunk's products (or the transformed output gradients of a weight gradient). */
  M: Float32Array;
  /** A weight gradient's sums S[ξ][O, C] over this thread's slice. */
  S: Float32Array;
}

const threadBuffers = new WeakMap<Arena, ThreadBuffers[]>();
const filterBuffers = new WeakMap<Arena, Float32Array>();

function grown(arena: Arena, have: Float32Array, n: number): Float32Array {
  return have.length >= n ? have : (arena.floats("f32", Math.max(n, Math.ceil(1.5 * have.length))) as Float32Array);
}

/** Thread t's buffers, each at least the given number of floats. */
export function buffersOf(arena: Arena, t: number, plane: number, V: number, M: number, S = 0): ThreadBuffers {
  let list = threadBuffers.get(arena);
  if (list === undefined) threadBuffers.set(arena, (list = []));
  const empty = new Float32Array(0);
  const b = (list[t] ??= { plane: empty, V: empty, M: empty, S: empty });
  b.plane = grown(arena, b.plane, plane);
  b.V = grown(arena, b.V, V);
  b.M = grown(arena, b.M, M);
  b.S = grown(arena, b.S, S);
  return b;
}

/** The transformed filters' buffer, at least n floats (shared by the threads, which only read it). */
export function filterBuffer(arena: Arena, n: number): Float32Array {
  let U = filterBuffers.get(arena);
  if (U === undefined || U.length < n) filterBuffers.set(arena, (U = arena.floats("f32", n) as Float32Array));
  return U;
}

/**
 * Floats from one position ξ's block of a chunk's transformed values to the next: at least `floats`, and such
 * that the blocks start in different cache sets. A block of C·NT floats is often a multiple of 4 KiB, and then
 * the transforms' streams of stores (one per position ξ) all map to the same sets of the L1 and L2 caches and evict each
 * other: on a [48, 14, 14] layer that made F(4×4, 3×3)'s input transform 3× slower, and its filter transform
 * 5× slower on [96, 7, 7].
 */
export function positionStride(floats: number): number {
  // At most 16 floats more: bytes % 4096 is in [64k, 64k + 64) and reaches the next 64k in 16-byte steps.
  let bytes = 4 * floats;
  while (Math.floor((bytes % 4096) / 64) % 2 === 0) bytes += 16;
  return bytes / 4;
}

/** The most positionStride adds: a chunk's blocks fit in positions · (floats + POSITION_PAD). */
export const POSITION_PAD = 16;
