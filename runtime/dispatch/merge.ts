/*
 * A graph model's merges and gradient hand-overs as generated code calls them: the SIMD kernels of
 * runtime/wasm/add.ts when every buffer is a float32 view of one Arena, the reference loops otherwise.
 * They move a few million floats a ResNet step; as plain loops they took about a tenth of it.
 */
import type { FloatArray } from "../types.ts";
import * as reference from "../kernels/merge.ts";
import { copyInto as copyLoop } from "../memory.ts";
import { reluBackward, reluForward } from "../kernels/activations.ts";
import { simdAddRange, simdCopy, simdGradSum, simdSum } from "../wasm/add.ts";

/** out[i] = a[i] + b[i] for i < count, then ReLU with `relu` (a residual merge and the activation after it). */
export function addForward(count: number, a: FloatArray, b: FloatArray, out: FloatArray, relu = false): void {
  if (simdSum(count, a, b, out, relu)) return;
  reference.addForward(count, a, b, out);
  if (relu) reluForward(out, 0, out, 0, count);
}

/** dst[dOff + i] += src[sOff + i] for i < count. */
export function addInto(src: FloatArray, sOff: number, dst: FloatArray, dOff: number, count: number): void {
  if (simdAddRange(src, sOff, dst, dOff, count)) return;
  reference.addInto(src, sOff, dst, dOff, count);
}

/** dst[dOff + i] = src[sOff + i] for i < n. */
export function copyInto(src: FloatArray, sOff: number, dst: FloatArray, dOff: number, n: number): void {
  if (simdCopy(src, sOff, dst, dOff, n)) return;
  copyLoop(src, sOff, dst, dOff, n);
}

/**
 * A residual merge's backward when its output's gradient comes in two parts: g += pending, then through the merged
 * ReLU's mask (y > 0) with `relu`, then into out (added with `into`, else copied). One pass in SIMD; the same bits as
 * addInto, reluBackward and copyInto or addInto one after another, which the other path runs.
 */
export function gradSum(
  count: number,
  y: FloatArray,
  g: FloatArray,
  pending: FloatArray,
  out: FloatArray,
  relu: boolean,
  into: boolean,
): void {
  if (simdGradSum(count, y, g, pending, out, relu, into)) return;
  addInto(pending, 0, g, 0, count);
  if (relu) reluBackward(y, 0, g, 0, g, 0, count);
  if (into) addInto(g, 0, out, 0, count);
  else copyInto(g, 0, out, 0, count);
}
