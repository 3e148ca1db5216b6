import type { FloatArray } from "../types.ts";
import { commonArena, kernelsFor } from "./instances.ts";
import { reluModuleBytes } from "./relu-module.ts";
import { simdEnabled } from "./simd.ts";

/* Dispatch from reluForward/reluBackward to the SIMD module when every buffer is a float32 view of one Arena. */

export function simdReluForward(x: FloatArray, xOff: number, y: FloatArray, yOff: number, n: number): boolean {
  const arena = commonArena(simdEnabled, x, y);
  if (arena === null) return false;
  kernelsFor(arena, reluModuleBytes).relu(x.byteOffset + 4 * xOff, y.byteOffset + 4 * yOff, n);
  return true;
}

export function simdReluBackward(
  y: FloatArray,
  yOff: number,
  dy: FloatArray,
  dyOff: number,
  dx: FloatArray,
  dxOff: number,
  n: number,
): boolean {
  const arena = commonArena(simdEnabled, y, dy, dx);
  if (arena === null) return false;
  kernelsFor(arena, reluModuleBytes).relu_grad(y.byteOffset + 4 * yOff, dy.byteOffset + 4 * dyOff, dx.byteOffset + 4 * dxOff, n);
  return true;
}
