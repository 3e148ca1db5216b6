/*
 * Dropout as generated code and runtime/layers/dropout.ts call it: the WebAssembly module of runtime/wasm/dropout.ts
 * when every buffer is a float32 view of one Arena, the reference loops of runtime/kernels/dropout.ts otherwise.
 * Both draw the same stream and give the same bytes.
 */
import type { Rng } from "../rng.ts";
import type { FloatArray } from "../types.ts";
import * as reference from "../kernels/dropout.ts";
import { simdDropoutBackward, simdDropoutForward } from "../wasm/dropout.ts";

export function dropoutForward(
  x: FloatArray,
  xOff: number,
  y: FloatArray,
  yOff: number,
  mask: FloatArray,
  maskOff: number,
  n: number,
  p: number,
  rng: Rng,
): void {
  if (simdDropoutForward(x, xOff, y, yOff, mask, maskOff, n, p, rng)) return;
  reference.dropoutForward(x, xOff, y, yOff, mask, maskOff, n, p, rng);
}

export function dropoutBackward(
  mask: FloatArray,
  maskOff: number,
  dy: FloatArray,
  dyOff: number,
  dx: FloatArray,
  dxOff: number,
  n: number,
): void {
  if (simdDropoutBackward(mask, maskOff, dy, dyOff, dx, dxOff, n)) return;
  reference.dropoutBackward(mask, maskOff, dy, dyOff, dx, dxOff, n);
}
