import type { FloatArray } from "../types.ts";
import { addModuleBytes, gradSumName } from "./add-module.ts";
import { runSliced } from "./conv-threads.ts";
import { commonArena } from "./instances.ts";
import { simdEnabled } from "./simd.ts";

/*
 * Dispatch to add-module.ts's kernels when every buffer is a float32 view of one Arena and every range lies
 * inside its view; false (nothing done) otherwise, and the caller runs the reference loop. Long ranges are split
 * across the helper threads (runSliced); every element is computed alone, so the bytes do not depend on it.
 */

const ADD = {
  bytes: addModuleBytes,
  names: ["add", "sum", "copy", "sum_relu", "grad_sum", "grad_sum_into", "grad_sum_relu", "grad_sum_relu_into"] as const,
};

/** dst += src elementwise (same length). */
export function simdAddInto(dst: FloatArray, src: FloatArray): boolean {
  return simdAddRange(src, 0, dst, 0, dst.length);
}

/** dst[dOff + i] += src[sOff + i] for i < n. */
export function simdAddRange(src: FloatArray, sOff: number, dst: FloatArray, dOff: number, n: number): boolean {
  const arena = commonArena(simdEnabled, dst, src);
  if (arena === null || !inside(src, sOff, n) || !inside(dst, dOff, n)) return false;
  const [d, s] = [dst.byteOffset + 4 * dOff, src.byteOffset + 4 * sOff];
  runSliced(arena, ADD, n, n, "add", (i, count) => [d + 4 * i, s + 4 * i, count]);
  return true;
}

/** out[i] = a[i] + b[i] for i < n, then ReLU with `relu`. */
export function simdSum(n: number, a: FloatArray, b: FloatArray, out: FloatArray, relu = false): boolean {
  const arena = commonArena(simdEnabled, a, b, out);
  if (arena === null || !inside(a, 0, n) || !inside(b, 0, n) || !inside(out, 0, n)) return false;
  runSliced(arena, ADD, n, n, relu ? "sum_relu" : "sum", (i, count) => [
    a.byteOffset + 4 * i,
    b.byteOffset + 4 * i,
    out.byteOffset + 4 * i,
    count,
  ]);
  return true;
}

/**
 * g[i] = g[i] + pending[i] for i < n, 0 where y[i] ≤ 0 with `relu`; then out[i] = g[i], or out[i] += g[i] with `into`
 * (element by element, so out may be pending itself, as a residual's two gradient buffers are when they share memory,
 * codegen/gradient-sharing.ts; no other overlap).
 */
export function simdGradSum(
  n: number,
  y: FloatArray,
  g: FloatArray,
  pending: FloatArray,
  out: FloatArray,
  relu: boolean,
  into: boolean,
): boolean {
  const arena = commonArena(simdEnabled, y, g, pending, out);
  if (arena === null || ![y, g, pending, out].every((v) => inside(v, 0, n))) return false;
  runSliced(arena, ADD, n, n, gradSumName(relu, into), (i, count) => [
    y.byteOffset + 4 * i,
    g.byteOffset + 4 * i,
    pending.byteOffset + 4 * i,
    out.byteOffset + 4 * i,
    count,
  ]);
  return true;
}

/** dst[dOff + i] = src[sOff + i] for i < n (ranges not overlapping unless equal). */
export function simdCopy(src: FloatArray, sOff: number, dst: FloatArray, dOff: number, n: number): boolean {
  const arena = commonArena(simdEnabled, src, dst);
  if (arena === null || !inside(src, sOff, n) || !inside(dst, dOff, n)) return false;
  const [from, to] = [src.byteOffset + 4 * sOff, dst.byteOffset + 4 * dOff];
  runSliced(arena, ADD, n, n, "copy", (i, count) => [from + 4 * i, to + 4 * i, count]);
  return true;
}

function inside(v: FloatArray, off: number, n: number): boolean {
  return off >= 0 && n >= 0 && off + n <= v.length;
}
