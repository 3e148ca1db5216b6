import { FunctionBuilder, op, simdOp, V128 } from "./encode.ts";
import { combine } from "./winograd-lanes.ts";

/*
 * Instruction helpers of the F(4×4, 3×3) transforms (runtime/wasm/winograd4-module.ts): the 1-D transforms
 * Bᵀ (6 → 6), Aᵀ (6 → 4) and A (4 → 6) on f32x4 locals, written with the shared sums the matrices allow,
 * and the 4×4 transpose that moves between "one sample per lane" and "one pixel per lane".
 */

/** f32x4 locals holding the constants the transforms multiply by, splatted once per call. */
export type Constants = ReadonlyMap<number, number>;

export function splatConstants(f: FunctionBuilder, values: readonly number[]): Constants {
  const locals = new Map<number, number>();
  for (const c of values) {
    const l = f.local(V128);
    f.f32(c);
    f.simd(simdOp.f32x4Splat);
    f.set(l);
    locals.set(c, l);
  }
  return locals;
}

/** to = a + c·b (or a − c·b with `subtract`). */
function scaled(f: FunctionBuilder, k: Constants, to: number, a: number, c: number, b: number, subtract = false): void {
  f.get(a);
  f.get(b);
  f.get(k.get(c)!);
  f.simd(simdOp.f32x4Mul);
  f.simd(subtract ? simdOp.f32x4Sub : simdOp.f32x4Add);
  f.set(to);
}

/**
 * r = Bᵀ d for the six values d (distinct locals from r):
 *   Bᵀ = [4 0 −5 0 1 0; 0 −4 −4 1 1 0; 0 4 −4 −1 1 0; 0 −2 −1 2 1 0; 0 2 −1 −2 1 0; 0 4 0 −5 0 1].
 */
export function inputTransform(f: FunctionBuilder, k: Constants, d: readonly number[], r: readonly number[], p: number, q: number): void {
  scaled(f, k, r[0], d[4], 4, d[0]);
  scaled(f, k, r[0], r[0], 5, d[2], true);
  combine(f, p, d[3], d[4], simdOp.f32x4Add);
  combine(f, q, d[1], d[2], simdOp.f32x4Add);
  scaled(f, k, r[1], p, 4, q, true);
  combine(f, p, d[4], d[3], simdOp.f32x4Sub);
  combine(f, q, d[1], d[2], simdOp.f32x4Sub);
  scaled(f, k, r[2], p, 4, q);
  combine(f, p, d[4], d[2], simdOp.f32x4Sub);
  combine(f, q, d[3], d[1], simdOp.f32x4Sub);
  scaled(f, k, r[3], p, 2, q);
  scaled(f, k, r[4], p, 2, q, true);
  scaled(f, k, r[5], d[5], 4, d[1]);
  scaled(f, k, r[5], r[5], 5, d[3], true);
}

/** y = Aᵀ m for the six values m: Aᵀ = [1 1 1 1 1 0; 0 1 −1 2 −2 0; 0 1 1 4 4 0; 0 1 −1 8 −8 1]. */
export function outputTransform(f: FunctionBuilder, k: Constants, m: readonly number[], y: readonly number[], t: readonly number[]): void {
  const [a, b, c, e] = t;
  combine(f, a, m[1], m[2], simdOp.f32x4Add);
  combine(f, b, m[1], m[2], simdOp.f32x4Sub);
  combine(f, c, m[3], m[4], simdOp.f32x4Add);
  combine(f, e, m[3], m[4], simdOp.f32x4Sub);
  combine(f, y[0], m[0], a, simdOp.f32x4Add);
  combine(f, y[0], y[0], c, simdOp.f32x4Add);
  scaled(f, k, y[1], b, 2, e);
  scaled(f, k, y[2], a, 4, c);
  scaled(f, k, y[3], b, 8, e);
  combine(f, y[3], y[3], m[5], simdOp.f32x4Add);
}

/** D = A g for the four values g (A = (Aᵀ)ᵀ, 6×4), as the weight gradient needs it. */
export function gradientTransform(
  f: FunctionBuilder,
  k: Constants,
  g: readonly number[],
  D: readonly number[],
  p: number,
  q: number,
): void {
  f.get(g[0]);
  f.set(D[0]);
  f.get(g[3]);
  f.set(D[5]);
  combine(f, p, g[0], g[2], simdOp.f32x4Add);
  combine(f, q, g[1], g[3], simdOp.f32x4Add);
  combine(f, D[1], p, q, simdOp.f32x4Add);
  combine(f, D[2], p, q, simdOp.f32x4Sub);
  // D3, D4 = (g0 + 4·g2) ± 2·(g1 + 4·g3)
  scaled(f, k, p, g[0], 4, g[2]);
  scaled(f, k, q, g[1], 4, g[3]);
  scaled(f, k, D[3], p, 2, q);
  scaled(f, k, D[4], p, 2, q, true);
}

/** dst[j] = (s0[j], s1[j], s2[j], s3[j]) for j < dst.length (2 or 4): a 4×4 transpose through t (4 scratch locals). */
export function transpose(f: FunctionBuilder, s: readonly number[], dst: readonly number[], t: readonly number[]): void {
  const pairs: [number, number, number, readonly number[]][] = [
    [t[0], s[0], s[1], [0, 4, 1, 5]],
    [t[1], s[2], s[3], [0, 4, 1, 5]],
    [t[2], s[0], s[1], [2, 6, 3, 7]],
    [t[3], s[2], s[3], [2, 6, 3, 7]],
  ];
  for (const [to, a, b, lanes] of dst.length > 2 ? pairs : pairs.slice(0, 2)) {
    f.get(a);
    f.get(b);
    f.shuffle32(lanes);
    f.set(to);
  }
  const halves: [number, number, readonly number[]][] = [
    [t[0], t[1], [0, 1, 4, 5]],
    [t[0], t[1], [2, 3, 6, 7]],
    [t[2], t[3], [0, 1, 4, 5]],
    [t[2], t[3], [2, 3, 6, 7]],
  ];
  dst.forEach((to, j) => {
    const [a, b, lanes] = halves[j];
    f.get(a);
    f.get(b);
    f.shuffle32(lanes);
    f.set(to);
  });
}

/** local += value (an i32 the callback pushes). */
export function advance(f: FunctionBuilder, local: number, value: () => void): void {
  f.get(local);
  value();
  f.op(op.i32Add);
  f.set(local);
}

/** Pushes local · 4 (floats to bytes). */
export function bytesOf(f: FunctionBuilder, local: number): void {
  f.get(local);
  f.i32(2);
  f.op(op.i32Shl);
}
