import type { FloatArray } from "../types.ts";
import { addModuleBytes } from "./add-module.ts";
import { commonArena, kernelsFor } from "./instances.ts";
import { simdEnabled } from "./simd.ts";

/** dst += src elementwise (same length), in f32x4 lanes when both are float32 views of one Arena; false (nothing done) otherwise. */
export function simdAddInto(dst: FloatArray, src: FloatArray): boolean {
  const arena = commonArena(simdEnabled, dst, src);
  if (arena === null) return false;
  kernelsFor(arena, addModuleBytes).add(dst.byteOffset, src.byteOffset, dst.length);
  return true;
}
