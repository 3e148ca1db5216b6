import type { FloatArray } from "../types.ts";

/*
 * The filter transform of Winograd's F(2×2, 3×3) (runtime/wasm/winograd.ts): G f Gᵀ of every 3×3 filter, in
 * TypeScript (once per pass, not per sample).
 */

/**
 * U[ξ·stride + r·S + s] = (G f Gᵀ)[ξ] (stride ≥ R·S) of the 3×3 filter f of output r and input s, from w [O, C, 3, 3]:
 * f = w[r, s] (R = O, S = C), or with `flipped` the input gradient's f = w[s, r] rotated 180° (R = C,
 * S = O). Sums in float64, rounded once to float32.
 */
export function transformWeights(
  w: FloatArray,
  wOff: number,
  O: number,
  C: number,
  flipped: boolean,
  U: Float32Array,
  stride: number,
): void {
  const S = flipped ? O : C;
  const g = new Float64Array(9),
    t = new Float64Array(12);
  for (let o = 0; o < O; o++) {
    for (let c = 0; c < C; c++) {
      const base = wOff + (o * C + c) * 9;
      for (let q = 0; q < 9; q++) g[q] = w[flipped ? base + 8 - q : base + q];
      // t = G g (4×3)
      for (let v = 0; v < 3; v++) {
        const g0 = g[v],
          g1 = g[3 + v],
          g2 = g[6 + v];
        t[v] = g0;
        t[3 + v] = 0.5 * (g0 + g1 + g2);
        t[6 + v] = 0.5 * (g0 - g1 + g2);
        t[9 + v] = g2;
      }
      // U = t Gᵀ (4×4)
      const at = flipped ? c * S + o : o * S + c;
      for (let i = 0; i < 4; i++) {
        const t0 = t[3 * i],
          t1 = t[3 * i + 1],
          t2 = t[3 * i + 2];
        U[4 * i * stride + at] = t0;
        U[(4 * i + 1) * stride + at] = 0.5 * (t0 + t1 + t2);
        U[(4 * i + 2) * stride + at] = 0.5 * (t0 - t1 + t2);
        U[(4 * i + 3) * stride + at] = t2;
      }
    }
  }
}
