import type { FloatArray } from "../types.ts";
import type { Rng } from "../rng.ts";

/*
 * Elementwise fills of a tensor: `a` is the tensor itself (a view of the model's flat buffer, made once),
 * filled from its first element to its last. Randomness only from the Rng argument.
 */

export function initZeros(a: FloatArray): void {
  a.fill(0);
}

export function initConstant(a: FloatArray, c: number): void {
  a.fill(c);
}

export function initNormal(a: FloatArray, mean: number, std: number, rng: Rng): void {
  for (let i = 0; i < a.length; i++) a[i] = mean + std * rng.normal();
}

/** U[lo, hi). */
export function initUniform(a: FloatArray, lo: number, hi: number, rng: Rng): void {
  const w = hi - lo;
  for (let i = 0; i < a.length; i++) a[i] = lo + w * rng.next();
}
