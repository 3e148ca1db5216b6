import { F64Values } from "./f64-values.ts";

/*
 * The filter side of Winograd's F(2×2, 3×3) (runtime/wasm/winograd.ts), as float64 formulas for the filter
 * kernels (winograd-filters-module.ts): U = G f Gᵀ of a 3×3 filter, and the weight gradient's Gᵀ S G, with
 *   G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1].
 */

const HALF = F64Values.k(0.5);

/** U = G f Gᵀ (ξ = 4i + j) of the filter f (row-major 3×3 locals). */
export function filterTransform2(v: F64Values, f: readonly number[]): number[] {
  // t = G f (4×3, t[3i + k])
  const t: number[] = Array(12);
  for (let k = 0; k < 3; k++) {
    const [g0, g1, g2] = [f[k], f[3 + k], f[6 + k]];
    t[k] = g0;
    t[3 + k] = v.mul(HALF, v.add(v.add(g0, g1), g2));
    t[6 + k] = v.mul(HALF, v.add(v.sub(g0, g1), g2));
    t[9 + k] = g2;
  }
  // U = t Gᵀ (4×4)
  const u: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [t0, t1, t2] = [t[3 * i], t[3 * i + 1], t[3 * i + 2]];
    u.push(t0, v.mul(HALF, v.add(v.add(t0, t1), t2)), v.mul(HALF, v.add(v.sub(t0, t1), t2)), t2);
  }
  return u;
}

/** r = Gᵀ S G (row-major 3×3) of the 4×4 sums S (ξ = 4i + j). */
export function gradientTransform2(v: F64Values, s: readonly number[]): number[] {
  // t = Gᵀ S (3×4, t[4u + j])
  const t: number[] = Array(12);
  for (let j = 0; j < 4; j++) {
    const [s0, s1, s2, s3] = [s[j], s[4 + j], s[8 + j], s[12 + j]];
    t[j] = v.add(s0, v.mul(HALF, v.add(s1, s2)));
    t[4 + j] = v.mul(HALF, v.sub(s1, s2));
    t[8 + j] = v.add(v.mul(HALF, v.add(s1, s2)), s3);
  }
  // r = t G (3×3)
  const r: number[] = [];
  for (let u = 0; u < 3; u++) {
    const [t0, t1, t2, t3] = [t[4 * u], t[4 * u + 1], t[4 * u + 2], t[4 * u + 3]];
    r.push(v.add(t0, v.mul(HALF, v.add(t1, t2))), v.mul(HALF, v.sub(t1, t2)), v.add(v.mul(HALF, v.add(t1, t2)), t3));
  }
  return r;
}
