import type { Arena } from "../arena.ts";
import type { FloatArray } from "../types.ts";
import { finiteModuleBytes } from "./finite-module.ts";
import { commonArena, kernelsFor } from "./instances.ts";
import { simdEnabled } from "./simd.ts";

/** Where each arena's kernel writes its answer (one int32, allocated once). */
const answers = new WeakMap<Arena, Int32Array>();

/** Whether every float of `p` is finite, in f32x4 lanes, when `p` is a float32 view of an Arena; undefined (nothing done) otherwise. */
export function simdAllFinite(p: FloatArray): boolean | undefined {
  const arena = commonArena(simdEnabled, p);
  if (arena === null) return undefined;
  let answer = answers.get(arena);
  if (answer === undefined) answers.set(arena, (answer = arena.ints(1)));
  kernelsFor(arena, finiteModuleBytes).nonfinite(p.byteOffset, p.length, answer.byteOffset);
  return answer[0] === 0;
}
