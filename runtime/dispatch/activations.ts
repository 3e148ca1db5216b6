/*
 * ReLU as generated code calls it: the SIMD module of runtime/wasm/relu.ts when every buffer is a float32
 * view of one Arena, the reference loop of runtime/kernels/activations.ts otherwise. The other
 * activations have no SIMD version; generated code calls the reference kernels directly.
 */
import type { FloatArray } from "../types.ts";
import * as reference from "../kernels/activations.ts";
import { simdReluBackward, simdReluForward } from "../wasm/relu.ts";

export function reluForward(x: FloatArray, xOff: number, y: FloatArray, yOff: number, n: number): void {
  if (simdReluForward(x, xOff, y, yOff, n)) return;
  reference.reluForward(x, xOff, y, yOff, n);
}

export function reluBackward(y: FloatArray, yOff: number, dy: FloatArray, dyOff: number, dx: FloatArray, dxOff: number, n: number): void {
  if (simdReluBackward(y, yOff, dy, dyOff, dx, dxOff, n)) return;
  reference.reluBackward(y, yOff, dy, dyOff, dx, dxOff, n);
}
