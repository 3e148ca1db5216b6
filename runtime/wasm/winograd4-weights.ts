import { F64Values } from "./f64-values.ts";

/*
 * The filter side of Winograd's F(4×4, 3×3) (runtime/wasm/winograd4.ts), as float64 formulas for the filter
 * kernels (winograd-filters-module.ts): U = G f Gᵀ of a 3×3 filter, and the weight gradient's Gᵀ S G, with
 *   G = [¼ 0 0; −⅙ −⅙ −⅙; −⅙ ⅙ −⅙; 1⁄24 1⁄12 ⅙; 1⁄24 −1⁄12 ⅙; 0 0 1].
 */

const QUARTER = F64Values.k(0.25),
  ONE_6TH = F64Values.k(1 / 6),
  ONE_12TH = F64Values.k(1 / 12),
  ONE_24TH = F64Values.k(1 / 24);

/** G (a, b, c)ᵀ: six values. */
function applyG(v: F64Values, a: number, b: number, c: number): number[] {
  const ac = v.add(a, c),
    outer = v.add(v.mul(a, ONE_24TH), v.mul(c, ONE_6TH)),
    mid = v.mul(b, ONE_12TH);
  return [
    v.mul(QUARTER, a),
    v.mul(v.neg(v.add(ac, b)), ONE_6TH),
    v.mul(v.neg(v.sub(ac, b)), ONE_6TH),
    v.add(outer, mid),
    v.sub(outer, mid),
    c,
  ];
}

/** Gᵀ s of six values s: three values. */
function applyGt(v: F64Values, s: readonly number[]): number[] {
  const sum12 = v.add(s[1], s[2]),
    sum34 = v.add(s[3], s[4]);
  return [
    v.add(v.sub(v.mul(QUARTER, s[0]), v.mul(sum12, ONE_6TH)), v.mul(sum34, ONE_24TH)),
    v.add(v.mul(v.sub(s[2], s[1]), ONE_6TH), v.mul(v.sub(s[3], s[4]), ONE_12TH)),
    v.add(v.mul(v.sub(sum34, sum12), ONE_6TH), s[5]),
  ];
}

/** U = G f Gᵀ (ξ = 6i + j) of the filter f (row-major 3×3 locals). */
export function filterTransform4(v: F64Values, f: readonly number[]): number[] {
  // t = G f (6×3): column k of f gives column k of t
  const columns = [0, 1, 2].map((k) => applyG(v, f[k], f[3 + k], f[6 + k]));
  // U = t Gᵀ: row i of t gives U[6i + j] for j < 6
  return [0, 1, 2, 3, 4, 5].flatMap((i) => applyG(v, columns[0][i], columns[1][i], columns[2][i]));
}

/** r = Gᵀ S G (row-major 3×3) of the 6×6 sums S (ξ = 6i + j). */
export function gradientTransform4(v: F64Values, s: readonly number[]): number[] {
  // t = Gᵀ S (3×6): column j of S gives column j of t
  const columns = [0, 1, 2, 3, 4, 5].map((j) =>
    applyGt(
      v,
      [0, 1, 2, 3, 4, 5].map((i) => s[6 * i + j]),
    ),
  );
  // r = t G: row u of t gives r[3u + k]
  return [0, 1, 2].flatMap((u) =>
    applyGt(
      v,
      columns.map((column) => column[u]),
    ),
  );
}
