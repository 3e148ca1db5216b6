/*
 * The finite test of a buffer as the training loop and data-parallel threads call it: the SIMD module of
 * runtime/wasm/finite.ts for a float32 view of an Arena, the reference loop of runtime/kernels/finite.ts otherwise.
 */
import type { FloatArray } from "../types.ts";
import * as reference from "../kernels/finite.ts";
import { simdAllFinite } from "../wasm/finite.ts";

export function allFinite(p: FloatArray): boolean {
  return simdAllFinite(p) ?? reference.allFinite(p);
}
