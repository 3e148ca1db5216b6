import { F32, FunctionBuilder, I32, V128, op, simdOp } from "../encode.ts";
import { fmaEnabled } from "../simd.ts";

/*
 * The loop every fused optimizer update shares, and a small expression language for its body, so a
 * kernel is written once as a formula and emitted twice: in f32x4 lanes for the bulk and in scalar
 * f32 for the last n mod (4·UNROLL) elements.
 *
 * A kernel function takes (array₀ … arrayₖ, n, scalar₀ … scalarⱼ): byte addresses of parallel f32
 * arrays, the element count, then f32 hyperparameters. The arrays are walked by bumping each address
 * (one add per array per iteration, whatever the unroll) and every access uses a constant memarg
 * offset, so the body has no address arithmetic. The bulk loop does UNROLL independent f32x4 groups
 * per iteration.
 */

/**
 * f32x4 groups per bulk iteration. 1, 2 and 4 measured alike (1M-element Adam 0.543–0.553 ms, AdaGrad
 * and Adadelta within ±0.03× of their floors either way): out-of-order execution already overlaps
 * iterations, so loop overhead is not what bounds these loops.
 */
export const UNROLL = 2;

/** Code that pushes one value (a v128 in the bulk loop, an f32 in the tail). */
export type Expr = () => void;

/** The operations a kernel body is written in; `vec` tells which of the two emissions is running. */
export interface Lanes {
  readonly vec: boolean;
  /** The element(s) of array argument `a` at the current position. */
  load(a: number): Expr;
  store(a: number, value: Expr): void;
  /** Evaluates `value` now into a fresh local; the result reads it back (use for values needed twice). */
  let(value: Expr): Expr;
  add(a: Expr, b: Expr): Expr;
  sub(a: Expr, b: Expr): Expr;
  mul(a: Expr, b: Expr): Expr;
  /** a·b + c: one relaxed-SIMD fused multiply-add in the vector lanes where fmaEnabled, else a multiply and an add. */
  madd(a: Expr, b: Expr, c: Expr): Expr;
  div(a: Expr, b: Expr): Expr;
  sqrt(a: Expr): Expr;
  abs(a: Expr): Expr;
  /** a > b ? a : b, as TypeScript's ternary (b when either is NaN); one f32x4.pmax. */
  gtSelect(a: Expr, b: Expr): Expr;
  /** a < b ? a : b, likewise; one f32x4.pmin. */
  ltSelect(a: Expr, b: Expr): Expr;
  /**
   * s if a > 0, −s if a < 0, else 0 (s a hyperparameter, negS its negation): l1·sign(p). For a NaN
   * the lanes give ±s and the tail 0; either way the gradient is NaN already, through l2x·p.
   */
  signed(a: Expr, s: Expr, negS: Expr): Expr;
}

/** The kernel's formula, given the lanes, the array arguments by name and the hyperparameters by name. */
export type KernelBody<A extends string, S extends string> = (L: Lanes, a: Record<A, number>, k: Record<S, Expr>) => void;

/** Emits one kernel: `name(…arrays, n, …scalars)` running `body` over n elements. */
export function emitKernel<const A extends string, const S extends string>(
  name: string,
  arrays: readonly A[],
  scalars: readonly S[],
  body: KernelBody<A, S>,
): FunctionBuilder {
  const f = new FunctionBuilder(name, [...arrays.map((): typeof I32 => I32), I32, ...scalars.map((): typeof F32 => F32)]);
  const n = arrays.length;
  const arrayIndex = Object.fromEntries(arrays.map((a, i) => [a, i])) as Record<A, number>;
  const scalarParam = (i: number): number => n + 1 + i;
  const splat = scalars.map((_, i) => {
    const l = f.local(V128);
    f.get(scalarParam(i));
    f.simd(simdOp.f32x4Splat);
    f.set(l);
    return l;
  });
  // Constants of `signed`, made once before the loop rather than in every group.
  const consts = { sign: f.local(V128), zero: f.local(V128) };
  f.v128I32([-0x80000000, -0x80000000, -0x80000000, -0x80000000]);
  f.set(consts.sign);
  f.v128Zero();
  f.set(consts.zero);
  const lead = 0; // the first array's address drives both loops
  const bulkEnd = f.local(I32),
    end = f.local(I32);
  // bulkEnd = a₀ + 4·(n − n mod 4·UNROLL); end = a₀ + 4·n
  f.get(lead);
  f.get(n);
  f.i32(-4 * UNROLL);
  f.op(op.i32And);
  f.i32(2);
  f.op(op.i32Shl);
  f.op(op.i32Add);
  f.set(bulkEnd);
  f.get(lead);
  f.get(n);
  f.i32(2);
  f.op(op.i32Shl);
  f.op(op.i32Add);
  f.set(end);

  const pass = (vec: boolean, limit: number, stride: number, groups: number): void => {
    f.block(() => {
      f.get(lead);
      f.get(limit);
      f.op(op.i32LtU);
      f.op(op.i32Eqz);
      f.brIf(0);
      f.loop(() => {
        for (let u = 0; u < groups; u++) {
          const k = Object.fromEntries(scalars.map((s, i) => [s, () => f.get(vec ? splat[i] : scalarParam(i))])) as Record<S, Expr>;
          body(lanes(f, vec, 16 * u, consts), arrayIndex, k);
        }
        for (let a = 0; a < n; a++) {
          f.get(a);
          f.i32(stride);
          f.op(op.i32Add);
          f.set(a);
        }
        f.get(lead);
        f.get(limit);
        f.op(op.i32LtU);
        f.brIf(0);
      });
    });
  };
  pass(true, bulkEnd, 16 * UNROLL, UNROLL);
  pass(false, end, 4, 1);
  return f;
}

function lanes(f: FunctionBuilder, vec: boolean, offset: number, consts: { sign: number; zero: number }): Lanes {
  const bin =
    (vOp: number, sOp: number) =>
    (a: Expr, b: Expr): Expr =>
    () => {
      a();
      b();
      if (vec) f.simd(vOp);
      else f.op(sOp);
    };
  const un =
    (vOp: number, sOp: number) =>
    (a: Expr): Expr =>
    () => {
      a();
      if (vec) f.simd(vOp);
      else f.op(sOp);
    };
  const T = vec ? V128 : F32;
  return {
    vec,
    load: (a) => () => {
      f.get(a);
      if (vec) f.v128Load(offset);
      else f.f32Load(offset);
    },
    store: (a, value) => {
      f.get(a);
      value();
      if (vec) f.v128Store(offset);
      else f.f32Store(offset);
    },
    let: (value) => {
      const l = f.local(T);
      value();
      f.set(l);
      return () => f.get(l);
    },
    add: bin(simdOp.f32x4Add, op.f32Add),
    sub: bin(simdOp.f32x4Sub, op.f32Sub),
    mul: bin(simdOp.f32x4Mul, op.f32Mul),
    madd: (a, b, c) => () => {
      if (vec && fmaEnabled) {
        a();
        b();
        c();
        f.simd(simdOp.f32x4RelaxedMadd);
        return;
      }
      a();
      b();
      if (vec) f.simd(simdOp.f32x4Mul);
      else f.op(op.f32Mul);
      c();
      if (vec) f.simd(simdOp.f32x4Add);
      else f.op(op.f32Add);
    },
    div: bin(simdOp.f32x4Div, op.f32Div),
    sqrt: un(simdOp.f32x4Sqrt, op.f32Sqrt),
    abs: un(simdOp.f32x4Abs, op.f32Abs),
    gtSelect: (a, b) => () => {
      if (vec) {
        b();
        a();
        f.simd(simdOp.f32x4Pmax);
        return;
      } // pmax(b, a) = b < a ? a : b
      a();
      b();
      a();
      b();
      f.op(op.f32Gt);
      f.select();
    },
    ltSelect: (a, b) => () => {
      if (vec) {
        b();
        a();
        f.simd(simdOp.f32x4Pmin);
        return;
      } // pmin(b, a) = a < b ? a : b
      a();
      b();
      a();
      b();
      f.op(op.f32Lt);
      f.select();
    },
    signed: (a, s, negS) => () => {
      if (vec) {
        // s with a's sign bit xor-ed in, kept where a ≠ 0: ±s, or 0 for a = ±0
        a();
        f.get(consts.sign);
        f.simd(simdOp.v128And);
        s();
        f.simd(simdOp.v128Xor);
        a();
        f.get(consts.zero);
        f.simd(simdOp.f32x4Ne);
        f.simd(simdOp.v128And);
        return;
      }
      s();
      negS();
      f.f32(0);
      a();
      f.f32(0);
      f.op(op.f32Lt);
      f.select();
      a();
      f.f32(0);
      f.op(op.f32Gt);
      f.select();
    },
  };
}

/**
 * The effective gradient of runtime/optimizers/effective-grad.ts, in the four forms a kernel is
 * emitted in: "bare" (no regularizer, no clipping, no weight decay: gr = g), "scaled"
 * (gr = g·clipScale + pCoef·p with pCoef = l2x·clipScale + weightDecay, the same sum regrouped so it
 * costs 3 vector operations instead of 5), "clipped" (an L1 term and/or clip-by-value and nothing else:
 * gr = clip(g + l1·sign(p)), 7 operations) and "full" (gr = clip(g + l2x·p + l1·sign(p))·clipScale +
 * weightDecay·p, where nothing regroups across the clip: 12). Adam with L1 and clip-by-value ran at
 * 1.5× its memory floor in the full form; the kernel is already busy with a square root and a division
 * per vector, so every operation counts.
 */
export const GRAD_TERMS = ["bare", "scaled", "clipped", "full"] as const;
export type GradTerms = (typeof GRAD_TERMS)[number];

/** Kernel names `<prefix>_<terms>`, built once so that a step allocates no strings. */
export function namesByTerms(prefix: string): Readonly<Record<GradTerms, string>> {
  return { bare: `${prefix}_bare`, scaled: `${prefix}_scaled`, clipped: `${prefix}_clipped`, full: `${prefix}_full` };
}

const ALL_GRAD_SCALARS = ["clipScale", "pCoef", "l2x", "weightDecay", "l1", "negL1", "clipValue", "negClipValue"] as const;

/** Hyperparameters each GradTerms form needs, appended to a kernel's own. */
export const GRAD_SCALARS: Record<GradTerms, readonly string[]> = {
  bare: [],
  scaled: ["clipScale", "pCoef"],
  // The same arguments as "full", so that one call passes every form what it needs.
  clipped: ALL_GRAD_SCALARS,
  full: ALL_GRAD_SCALARS,
};

export function effectiveGrad(L: Lanes, terms: GradTerms, g: Expr, p: Expr, k: Record<string, Expr>): Expr {
  if (terms === "bare") return g;
  if (terms === "scaled") return L.add(L.mul(g, k.clipScale), L.mul(k.pCoef, p));
  // TypeScript's `if (r > c) r = c; else if (r < −c) r = −c`: c < r ? c : r, then −c > r ? −c : r,
  // the bound first in each so a NaN r (every comparison false) passes through as it does there.
  if (terms === "clipped") {
    // Without the l2x·p term a NaN p no longer makes the gradient NaN (as the TypeScript loop's 0·p
    // does); p itself stays NaN, and the per-step finite check stops or restores the run either way.
    const r = L.let(L.add(g, L.signed(p, k.l1, k.negL1)));
    return L.gtSelect(k.negClipValue, L.let(L.ltSelect(k.clipValue, r)));
  }
  const r = L.let(L.add(L.add(g, L.mul(k.l2x, p)), L.signed(p, k.l1, k.negL1)));
  const clipped = L.gtSelect(k.negClipValue, L.let(L.ltSelect(k.clipValue, r)));
  return L.add(L.mul(clipped, k.clipScale), L.mul(k.weightDecay, p));
}
