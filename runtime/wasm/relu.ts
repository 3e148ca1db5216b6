import type { FloatArray } from "../types.ts";
import { runSliced } from "./conv-threads.ts";
import { commonArena } from "./instances.ts";
import { reluModuleBytes } from "./relu-module.ts";
import { simdEnabled } from "./simd.ts";

/*
 * Dispatch from reluForward/reluBackward to the SIMD module when every buffer is a float32 view of one Arena; long
 * ranges are split across the helper threads (runSliced), element by element, so the bytes do not depend on it.
 */

const RELU = { bytes: reluModuleBytes, names: ["relu", "relu_grad"] as const };

export function simdReluForward(x: FloatArray, xOff: number, y: FloatArray, yOff: number, n: number): boolean {
  const arena = commonArena(simdEnabled, x, y);
  if (arena === null) return false;
  const [from, to] = [x.byteOffset + 4 * xOff, y.byteOffset + 4 * yOff];
  runSliced(arena, RELU, n, n, "relu", (i, count) => [from + 4 * i, to + 4 * i, count]);
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
  const [ya, dya, dxa] = [y.byteOffset + 4 * yOff, dy.byteOffset + 4 * dyOff, dx.byteOffset + 4 * dxOff];
  runSliced(arena, RELU, n, n, "relu_grad", (i, count) => [ya + 4 * i, dya + 4 * i, dxa + 4 * i, count]);
  return true;
}
