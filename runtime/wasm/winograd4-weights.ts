import type { FloatArray } from "../types.ts";

/*
 * The filter side of Winograd's F(4×4, 3×3) (runtime/wasm/winograd4.ts), in TypeScript and float64 (once per
 * pass, not per sample): U = G f Gᵀ of every 3×3 filter, and the weight gradient's dw += Gᵀ S G, with
 *   G = [¼ 0 0; −⅙ −⅙ −⅙; −⅙ ⅙ −⅙; 1⁄24 1⁄12 ⅙; 1⁄24 −1⁄12 ⅙; 0 0 1].
 */

const ONE_6TH = 1 / 6,
  ONE_12TH = 1 / 12,
  ONE_24TH = 1 / 24;

/** out[at + k·stride] = (G (a, b, c)ᵀ)[k] for k < 6 (float64 only: one element type keeps the accesses monomorphic). */
function applyG(a: number, b: number, c: number, out: Float64Array, at: number, stride: number): void {
  const ac = a + c,
    outer = a * ONE_24TH + c * ONE_6TH,
    mid = b * ONE_12TH;
  out[at] = 0.25 * a;
  out[at + stride] = -(ac + b) * ONE_6TH;
  out[at + 2 * stride] = -(ac - b) * ONE_6TH;
  out[at + 3 * stride] = outer + mid;
  out[at + 4 * stride] = outer - mid;
  out[at + 5 * stride] = c;
}

/** out[at + k·stride] = (Gᵀ s)[k] for k < 3, s = (s[from + i·step]) for i < 6. */
function applyGt(s: Float64Array, from: number, step: number, out: Float64Array, at: number, stride: number): void {
  const s1 = s[from + step],
    s2 = s[from + 2 * step],
    s3 = s[from + 3 * step],
    s4 = s[from + 4 * step];
  const sum12 = s1 + s2,
    sum34 = s3 + s4;
  out[at] = 0.25 * s[from] - sum12 * ONE_6TH + sum34 * ONE_24TH;
  out[at + stride] = (s2 - s1) * ONE_6TH + (s3 - s4) * ONE_12TH;
  out[at + 2 * stride] = (sum34 - sum12) * ONE_6TH + s[from + 5 * step];
}

/**
 * U[ξ·stride + r·S + s] = (G f Gᵀ)[ξ] (ξ = 6i + j, stride ≥ R·S) of the 3×3 filter f of output r and input s, from
 * w [O, C, 3, 3]: f = w[r, s] (R = O, S = C), or with `flipped` the input gradient's f = w[s, r] rotated 180°
 * (R = C, S = O). Sums in float64, rounded once to float32.
 */
export function transformWeights4(
  w: FloatArray,
  wOff: number,
  O: number,
  C: number,
  flipped: boolean,
  U: Float32Array,
  stride: number,
): void {
  const f = new Float64Array(9),
    t = new Float64Array(18),
    u = new Float64Array(36);
  for (let o = 0; o < O; o++) {
    for (let c = 0; c < C; c++) {
      const base = wOff + (o * C + c) * 9;
      for (let q = 0; q < 9; q++) f[q] = w[flipped ? base + 8 - q : base + q];
      // t = G f (6×3, t[3i + v]), then U = t Gᵀ (row i of t gives U[6i + j] for j < 6)
      for (let v = 0; v < 3; v++) applyG(f[v], f[3 + v], f[6 + v], t, v, 3);
      const at = flipped ? c * O + o : o * C + c;
      for (let i = 0; i < 6; i++) applyG(t[3 * i], t[3 * i + 1], t[3 * i + 2], u, 6 * i, 1);
      for (let xi = 0; xi < 36; xi++) U[xi * stride + at] = u[xi];
    }
  }
}

/**
 * dw[o, c] += Gᵀ S G for every filter, with S[ξ][O, C] (at ξ·stride) the sum of the threads' partial sums `parts` (added in
 * their order, in float64).
 */
export function addWeightGradient4(parts: readonly Float32Array[], OC: number, stride: number, dw: FloatArray, dwOff: number): void {
  const s = new Float64Array(36),
    t = new Float64Array(18),
    r = new Float64Array(9);
  for (let oc = 0; oc < OC; oc++) {
    for (let xi = 0; xi < 36; xi++) {
      let v = 0;
      for (let p = 0; p < parts.length; p++) v += parts[p][xi * stride + oc];
      s[xi] = v;
    }
    // t = Gᵀ S (3×6, t[6u + j]: column j of S), then r = t G (row u of t gives r[3u + v])
    for (let j = 0; j < 6; j++) applyGt(s, j, 6, t, j, 6);
    for (let u = 0; u < 3; u++) applyGt(t, 6 * u, 1, r, 3 * u, 1);
    const base = dwOff + oc * 9;
    for (let q = 0; q < 9; q++) dw[base + q] += r[q];
  }
}
