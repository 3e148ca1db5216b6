import type { Arena } from "../arena.ts";
import type { Rng } from "../rng.ts";
import type { FloatArray } from "../types.ts";
import { dropoutModuleBytes } from "./dropout-module.ts";
import { commonArena, kernelsFor } from "./instances.ts";
import { simdEnabled } from "./simd.ts";

/* Dispatch from dropout's passes to the WebAssembly module (dropout-module.ts) when every buffer is a float32 view of one Arena. */

const generatorStates = new WeakMap<Arena, Int32Array>();

/** As runtime/kernels/dropout.ts's dropoutForward for 0 < p < 1, continuing rng's stream; false when the reference must run. */
export function simdDropoutForward(
  x: FloatArray,
  xOff: number,
  y: FloatArray,
  yOff: number,
  mask: FloatArray,
  maskOff: number,
  n: number,
  p: number,
  rng: Rng,
): boolean {
  const arena = commonArena(simdEnabled, x, y, mask);
  if (arena === null || !(p > 0 && p < 1)) return false;
  let words = generatorStates.get(arena);
  if (words === undefined) generatorStates.set(arena, (words = arena.ints(4)));
  const state = rng.getState();
  for (let k = 0; k < 4; k++) words[k] = state[k];
  const kernels = kernelsFor(arena, dropoutModuleBytes);
  kernels.dropout(x.byteOffset + 4 * xOff, y.byteOffset + 4 * yOff, mask.byteOffset + 4 * maskOff, n, p, 1 / (1 - p), words.byteOffset);
  rng.setState([words[0] >>> 0, words[1] >>> 0, words[2] >>> 0, words[3] >>> 0, state[4], state[5]]);
  return true;
}

/** As runtime/kernels/dropout.ts's dropoutBackward; false when the reference must run. */
export function simdDropoutBackward(
  mask: FloatArray,
  maskOff: number,
  dy: FloatArray,
  dyOff: number,
  dx: FloatArray,
  dxOff: number,
  n: number,
): boolean {
  const arena = commonArena(simdEnabled, mask, dy, dx);
  if (arena === null) return false;
  kernelsFor(arena, dropoutModuleBytes).dropout_grad(
    mask.byteOffset + 4 * maskOff,
    dy.byteOffset + 4 * dyOff,
    dx.byteOffset + 4 * dxOff,
    n,
  );
  return true;
}
