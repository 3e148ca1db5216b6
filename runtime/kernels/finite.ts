/**
 * Whether every value of a buffer is finite, the per-step test of the parameters after an update: the sum of
 * the values, finite exactly when none is NaN or ±Inf (barring overflow, which is itself divergence), in four
 * running sums so the additions do not wait on each other.
 */
import type { FloatArray } from "../types.ts";

export function allFinite(p: FloatArray): boolean {
  const n4 = p.length - (p.length % 4);
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  for (let i = 0; i < n4; i += 4) {
    s0 += p[i];
    s1 += p[i + 1];
    s2 += p[i + 2];
    s3 += p[i + 3];
  }
  for (let i = n4; i < p.length; i++) s0 += p[i];
  return Number.isFinite(s0 + s1 + s2 + s3);
}
