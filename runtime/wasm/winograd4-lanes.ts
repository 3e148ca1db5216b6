import { FunctionBuilder, I32, op, simdOp, V128 } from "./encode.ts";
import { advance, bytesOf } from "./emit-address.ts";
import { combine, copyFloats } from "./winograd-lanes.ts";

/*
 * Instruction helpers of the F(4×4, 3×3) transforms (runtime/wasm/winograd4-module.ts): the 1-D transforms
 * Bᵀ (6 → 6), Aᵀ (6 → 4) and A (4 → 6) on f32x4 locals, written with the shared sums the matrices allow,
 * and the 4×4 transpose that moves between "one sample per lane" and "one pixel per lane".
 */

/**
 * f32x4 locals holding the constants the transforms multiply by, splatted once per call; with `fused`, also the
 * negated powers of two in `subtracted` (those `scaled` subtracts), for its fused multiply-adds.
 */
export interface Constants {
  readonly fused: boolean;
  readonly locals: ReadonlyMap<number, number>;
}

export function splatConstants(
  f: FunctionBuilder,
  values: readonly number[],
  fused: boolean,
  subtracted: readonly number[] = [],
): Constants {
  const locals = new Map<number, number>();
  for (const c of fused ? [...values, ...subtracted.map((c) => -c)] : values) {
    const l = f.local(V128);
    f.f32(c);
    f.simd(simdOp.f32x4Splat);
    f.set(l);
    locals.set(c, l);
  }
  return { fused, locals };
}

function powerOfTwo(c: number): boolean {
  return Number.isInteger(Math.log2(c));
}

/**
 * to = a + c·b (or a − c·b with `subtract`). Where c is a power of two, c·b is exact (short of overflow), so one
 * fused multiply-add rounds as the multiply and the add do: the same bits with one instruction fewer, which is a
 * quarter of Bᵀ's and Aᵀ's arithmetic and a third of A's. 5·b is not exact and keeps its two.
 */
function scaled(f: FunctionBuilder, k: Constants, to: number, a: number, c: number, b: number, subtract = false): void {
  if (k.fused && powerOfTwo(c)) {
    f.get(b);
    f.get(k.locals.get(subtract ? -c : c)!);
    f.get(a);
    f.simd(simdOp.f32x4RelaxedMadd);
    f.set(to);
    return;
  }
  f.get(a);
  f.get(b);
  f.get(k.locals.get(c)!);
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

/** A callback pushing local · 4: a count of F(4×4, 3×3) tiles as pixels. */
export function tilePixels(f: FunctionBuilder, tiles: number): () => void {
  return () => {
    f.get(tiles);
    f.i32(2);
    f.op(op.i32Shl);
  };
}

/** The locals of a transform's four lane planes and of the 36 position blocks it reads or writes. */
export interface LaneLayout {
  /** Bytes of a plane row. */
  readonly rowBytes: number;
  /** Bytes of a plane. */
  readonly planeBytes: number;
  /** planeBytes · (L + 1): lane L + 1's plane from lane 0's, for L < 3. */
  readonly lanePlane: readonly number[];
  /** Bytes from one position block to the next. */
  readonly xs: number;
  /** xs · 6 · (i + 1): row i + 1 of a tile's 6×6 positions from row 0, for i < 5. */
  readonly rowStride: readonly number[];
}

/**
 * Sets the layout's locals: planes of `height` rows of `width` floats (each callback pushes an i32), position
 * blocks `stride` floats apart (a parameter local).
 */
export function laneLayout(f: FunctionBuilder, width: () => void, height: () => void, stride: number): LaneLayout {
  const [rowBytes, planeBytes, xs] = [f.local(I32), f.local(I32), f.local(I32)];
  const lanePlane = [0, 1, 2].map(() => f.local(I32));
  const rowStride = [0, 1, 2, 3, 4].map(() => f.local(I32));
  width();
  f.i32(2);
  f.op(op.i32Shl);
  f.set(rowBytes);
  height();
  f.get(rowBytes);
  f.op(op.i32Mul);
  f.set(planeBytes);
  bytesOf(f, stride);
  f.set(xs);
  for (const [to, from, times] of [
    ...lanePlane.map((to, i) => [to, planeBytes, i + 1]),
    ...rowStride.map((to, i) => [to, xs, 6 * (i + 1)]),
  ]) {
    f.get(from);
    f.i32(times);
    f.op(op.i32Mul);
    f.set(to);
  }
  return { rowBytes, planeBytes, lanePlane, xs, rowStride };
}

/** Pushes the address `at` (a local) moved from lane 0's plane to lane L's. */
export function inLane(f: FunctionBuilder, layout: LaneLayout, at: number, L: number): void {
  f.get(at);
  if (L > 0) {
    f.get(layout.lanePlane[L - 1]);
    f.op(op.i32Add);
  }
}

/** Stores the six vectors of a tile's column at `at` + i·6·xs (a column j's positions ξ = 6i + j, with `at` at ξ = j). */
export function storeColumn(f: FunctionBuilder, layout: LaneLayout, at: number, values: readonly number[]): void {
  values.forEach((v, i) => {
    f.get(at);
    if (i > 0) {
      f.get(layout.rowStride[i - 1]);
      f.op(op.i32Add);
    }
    f.get(v);
    f.v128Store();
  });
}

/**
 * Fills the four lane planes from `lanes` samples of `sampleBytes` each: zeros everywhere, then plane L gets
 * `rows` rows of `cols` floats from first(L's sample) (the callback pushes the address of the first sample's
 * data), each placed `at` bytes into the plane (a callback pushing an i32, or none). A lane past `lanes` stays zero.
 */
export function fillLanePlanes(
  f: FunctionBuilder,
  layout: LaneLayout,
  p: { planes: number; lanes: number; sampleBytes: number; rows: number; cols: number },
  first: () => void,
  at: (() => void) | null,
): void {
  const [l, r, j, n4, src, dst] = Array.from({ length: 6 }, () => f.local(I32));
  f.forRange(
    l,
    () => f.i32(0),
    () => f.i32(4),
    1,
    () => {
      f.get(p.planes);
      f.get(l);
      f.get(layout.planeBytes);
      f.op(op.i32Mul);
      f.op(op.i32Add);
      f.tee(dst);
      f.i32(0);
      f.get(layout.planeBytes);
      f.memoryFill();
      f.get(l);
      f.get(p.lanes);
      f.op(op.i32LtS);
      f.if(() => {
        first();
        f.get(l);
        f.get(p.sampleBytes);
        f.op(op.i32Mul);
        f.op(op.i32Add);
        f.set(src);
        if (at !== null) advance(f, dst, at);
        f.forRange(
          r,
          () => f.i32(0),
          () => f.get(p.rows),
          1,
          () => {
            copyFloats(f, dst, src, p.cols, j, n4);
            advance(f, src, () => bytesOf(f, p.cols));
            advance(f, dst, () => f.get(layout.rowBytes));
          },
        );
      });
    },
  );
}

/** to = planes + 4·(ty·rowBytes + 4·tx): the top-left pixel (row 4·ty, column 4·tx) of tile (ty, tx) in lane 0's plane. */
export function tileCorner(f: FunctionBuilder, layout: LaneLayout, planes: number, ty: number, tx: number, to: number): void {
  f.get(ty);
  f.get(layout.rowBytes);
  f.op(op.i32Mul);
  f.get(tx);
  f.i32(2);
  f.op(op.i32Shl);
  f.op(op.i32Add);
  f.i32(2);
  f.op(op.i32Shl);
  f.get(planes);
  f.op(op.i32Add);
  f.set(to);
}
