import type { FloatArray } from "../types.ts";
import type { Rng } from "../rng.ts";

/* Elementwise fills of a[off, off + n). Randomness only from the Rng argument. */

export function initZeros(a: FloatArray, off: number, n: number): void {
  a.fill(0, off, off + n);
}

export function initConstant(a: FloatArray, off: number, n: number, c: number): void {
  a.fill(c, off, off + n);
}

export function initNormal(a: FloatArray, off: number, n: number, mean: number, std: number, rng: Rng): void {
  for (let i = 0; i < n; i++) a[off + i] = mean + std * rng.normal();
}

/** U[lo, hi). */
export function initUniform(a: FloatArray, off: number, n: number, lo: number, hi: number, rng: Rng): void {
  const w = hi - lo;
  for (let i = 0; i < n; i++) a[off + i] = lo + w * rng.next();
}
