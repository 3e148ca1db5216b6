import { assembleModule, F64, FunctionBuilder, I32, op } from "./encode.ts";
import { F64Values } from "./f64-values.ts";
import { filterTransform2, gradientTransform2 } from "./winograd-weights.ts";
import { filterTransform4, gradientTransform4 } from "./winograd4-weights.ts";

/*
 * The filter side of both Winograd algorithms (winograd.ts, winograd4.ts; the formulas are winograd-weights.ts's
 * and winograd4-weights.ts's), in float64 and rounded once to float32. P is the number of positions ξ: 16 for
 * F(2×2, 3×3), 36 for F(4×4, 3×3). Addresses are bytes, `stride` is in floats. Each function takes a range of
 * filters; winograd-filters.ts passes the whole layer.
 *
 *   winogradFilters(w, O, C, flipped, U, stride, o0, o1)            (and winograd4Filters)
 *       For the filters of outputs o0 ≤ o < o1 of w [O, C, 3, 3]: U[ξ·stride + o·C + c] = (G f Gᵀ)[ξ] of
 *       f = w[o, c]; with flipped ≠ 0 (an input gradient's filters) U[ξ·stride + c·O + o] of f = w[o, c]
 *       rotated 180°.
 *   winogradFilterGradient(sums, parts, stride, dw, oc0, oc1)   (and winograd4FilterGradient)
 *       For filters oc0 ≤ oc < oc1: dw[oc·9 …] += Gᵀ S G, S[ξ] the sum of the `parts` arrays at
 *       sums[p] (an i32 list of addresses) at ξ·stride + oc, added in list order in float64.
 */

/** The filter-transform function `name` of an algorithm. */
function emitFilters(name: string, transform: (v: F64Values, f: readonly number[]) => number[]): FunctionBuilder {
  const f = new FunctionBuilder(name, Array(8).fill(I32));
  const [w, O, C, flipped, U, stride, o0, o1] = [0, 1, 2, 3, 4, 5, 6, 7];
  const o = f.local(I32),
    c = f.local(I32),
    src = f.local(I32),
    dst = f.local(I32),
    stride4 = f.local(I32);
  const v = new F64Values(f);
  const taps = Array.from({ length: 9 }, () => f.local(F64));
  f.get(stride);
  f.i32(2);
  f.op(op.i32Shl);
  f.set(stride4);
  f.forRange(
    o,
    () => f.get(o0),
    () => f.get(o1),
    1,
    () =>
      f.forRange(
        c,
        () => f.i32(0),
        () => f.get(C),
        1,
        () => {
          // src = w + 36·(o·C + c); dst = U + 4·(flipped ? c·O + o : o·C + c)
          f.get(w);
          f.get(o);
          f.get(C);
          f.op(op.i32Mul);
          f.get(c);
          f.op(op.i32Add);
          f.i32(36);
          f.op(op.i32Mul);
          f.op(op.i32Add);
          f.set(src);
          f.get(U);
          f.get(c);
          f.get(O);
          f.op(op.i32Mul);
          f.get(o);
          f.op(op.i32Add);
          f.get(o);
          f.get(C);
          f.op(op.i32Mul);
          f.get(c);
          f.op(op.i32Add);
          f.get(flipped);
          f.select();
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
          f.set(dst);
          f.get(flipped);
          f.if(
            () => taps.forEach((tap, q) => v.loadInto(tap, src, 4 * (8 - q))),
            () => taps.forEach((tap, q) => v.loadInto(tap, src, 4 * q)),
          );
          for (const value of transform(v, taps)) {
            v.store(dst, 0, value);
            f.get(dst);
            f.get(stride4);
            f.op(op.i32Add);
            f.set(dst);
          }
        },
      ),
  );
  return f;
}

/** The weight-gradient function `name` of an algorithm with P positions. */
function emitGradient(name: string, P: number, transform: (v: F64Values, s: readonly number[]) => number[]): FunctionBuilder {
  const f = new FunctionBuilder(name, Array(6).fill(I32));
  const [sums, parts, stride, dw, oc0, oc1] = [0, 1, 2, 3, 4, 5];
  const oc = f.local(I32),
    p = f.local(I32),
    at = f.local(I32),
    target = f.local(I32),
    stride4 = f.local(I32);
  const v = new F64Values(f);
  const s = Array.from({ length: P }, () => f.local(F64));
  f.get(stride);
  f.i32(2);
  f.op(op.i32Shl);
  f.set(stride4);
  f.forRange(
    oc,
    () => f.get(oc0),
    () => f.get(oc1),
    1,
    () => {
      for (const sum of s) {
        f.f64(0);
        f.set(sum);
      }
      // For each part in order, at = its S[0] at oc, then one position's stride further for each ξ.
      f.forRange(
        p,
        () => f.i32(0),
        () => f.get(parts),
        1,
        () => {
          f.get(sums);
          f.get(p);
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
          f.i32Load();
          f.get(oc);
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
          f.set(at);
          for (const sum of s) {
            f.get(sum);
            f.get(at);
            f.f32Load();
            f.op(op.f64PromoteF32);
            f.op(op.f64Add);
            f.set(sum);
            f.get(at);
            f.get(stride4);
            f.op(op.i32Add);
            f.set(at);
          }
        },
      );
      f.get(dw);
      f.get(oc);
      f.i32(36);
      f.op(op.i32Mul);
      f.op(op.i32Add);
      f.set(target);
      transform(v, s).forEach((r, q) => v.addTo(target, 4 * q, r));
    },
  );
  return f;
}

export const FILTER_EXPORTS = ["winogradFilters", "winogradFilterGradient", "winograd4Filters", "winograd4FilterGradient"] as const;

/** The module's bytes; exports winogradFilters, winogradFilterGradient, winograd4Filters and winograd4FilterGradient. */
export function winogradFiltersModuleBytes(): Uint8Array {
  return assembleModule([
    emitFilters(FILTER_EXPORTS[0], filterTransform2),
    emitGradient(FILTER_EXPORTS[1], 16, gradientTransform2),
    emitFilters(FILTER_EXPORTS[2], filterTransform4),
    emitGradient(FILTER_EXPORTS[3], 36, gradientTransform4),
  ]);
}
