/*
 * Max pooling as generated code calls it: the branch-free WebAssembly of runtime/wasm/pool.ts for
 * float32 buffers of one Arena without padding, the reference loops of runtime/kernels/pool.ts
 * otherwise. Average pooling has no SIMD version; generated code calls the reference kernels directly.
 */
import type { FloatArray } from "../types.ts";
import * as reference from "../kernels/pool.ts";
import type { PoolGeometry } from "../kernels/pool.ts";
import { wasmMaxPoolBackward, wasmMaxPoolForward } from "../wasm/pool.ts";

export function maxPoolForward(
  n: number,
  g: PoolGeometry,
  x: FloatArray,
  xOff: number,
  y: FloatArray,
  yOff: number,
  argmax: Int32Array,
  aOff: number,
): void {
  if (wasmMaxPoolForward(n, g, x, xOff, y, yOff, argmax, aOff)) return;
  reference.maxPoolForward(n, g, x, xOff, y, yOff, argmax, aOff);
}

/** dx = 0, then each dy routed to its window's winner. dx must not alias dy. */
export function maxPoolBackward(
  n: number,
  g: PoolGeometry,
  dy: FloatArray,
  dyOff: number,
  argmax: Int32Array,
  aOff: number,
  dx: FloatArray,
  dxOff: number,
): void {
  if (wasmMaxPoolBackward(n, g, dy, dyOff, argmax, aOff, dx, dxOff)) return;
  reference.maxPoolBackward(n, g, dy, dyOff, argmax, aOff, dx, dxOff);
}
