import { describe, expect, it } from "vitest";
import { Arena } from "../../../runtime/arena.ts";
import { addForward, addInto, copyInto, gradSum } from "../../../runtime/dispatch/merge.ts";
import { simdAddRange, simdCopy, simdGradSum, simdSum } from "../../../runtime/wasm/add.ts";
import { simdEnabled } from "../../../runtime/wasm/simd.ts";

/*
 * A graph model's merge and gradient hand-over kernels (runtime/dispatch/merge.ts): a residual's sum
 * y = a + b, the addition of a gradient into an accumulation buffer at an offset, and the copy of one.
 * The SIMD path must give exactly the float32 results of one scalar addition per element, so a model's
 * numbers never depend on which path ran; odd sizes and offsets exercise the tails after the lane loops.
 */

const SIZES = [0, 1, 3, 4, 7, 33, 1001];

function filled(arena: Arena, n: number, f: (i: number) => number): Float32Array {
  const v = arena.floats("f32", n) as Float32Array;
  for (let i = 0; i < n; i++) v[i] = f(i);
  return v;
}

describe.skipIf(!simdEnabled)("merge kernels", () => {
  it("sums two arrays as float32 scalar additions do", () => {
    const arena = new Arena(0);
    for (const n of SIZES) {
      const a = filled(arena, n, (i) => Math.sin(i) * 1e3);
      const b = filled(arena, n, (i) => Math.cos(3 * i) * 1e-3);
      const out = filled(arena, n, () => NaN);
      expect(simdSum(n, a, b, out)).toBe(true);
      expect(Array.from(out)).toEqual(Array.from(a, (x, i) => Math.fround(x + b[i])));
    }
  });

  it("sums with the ReLU fused as the sum then ReLU give it: clipped to +0 where a + b is not above 0, NaN included", () => {
    const arena = new Arena(0);
    for (const n of SIZES) {
      // Sums of both signs, an exact −0 (−0 + −0) and a NaN when n allows.
      const a = filled(arena, n, (i) => (i === 2 ? -0 : i === 5 ? NaN : Math.sin(i) * 1e3));
      const b = filled(arena, n, (i) => (i === 2 ? -0 : Math.cos(3 * i) * 1e3));
      const out = filled(arena, n, () => 7);
      expect(simdSum(n, a, b, out, true)).toBe(true);
      const expected = Array.from(a, (x, i) => {
        const v = Math.fround(x + b[i]);
        return v > 0 ? v : 0;
      });
      for (let i = 0; i < n; i++) expect(Object.is(out[i], expected[i]), `element ${i} of ${n}`).toBe(true);
      if (n > 5) expect(out.some((v) => v > 0) && out.some((v) => v === 0)).toBe(true);
      // The dispatch's TypeScript path (arrays outside an Arena) gives the same values.
      const plain = new Float32Array(n);
      addForward(n, Float32Array.from(a), Float32Array.from(b), plain, true);
      for (let i = 0; i < n; i++) expect(Object.is(plain[i], expected[i]), `reference element ${i} of ${n}`).toBe(true);
    }
  });

  it("adds into and copies between offsets, touching nothing outside the range", () => {
    const arena = new Arena(0);
    for (const n of SIZES) {
      const src = filled(arena, n + 5, (i) => 1 / (i + 1));
      const dst = filled(arena, n + 9, (i) => i * 0.1);
      const before = Array.from(dst);
      expect(simdAddRange(src, 5, dst, 2, n)).toBe(true);
      const added = before.map((d, i) => (i >= 2 && i < 2 + n ? Math.fround(d + src[i + 3]) : d));
      expect(Array.from(dst)).toEqual(added);
      expect(simdCopy(src, 5, dst, 7, n)).toBe(true);
      expect(Array.from(dst)).toEqual(added.map((d, i) => (i >= 7 && i < 7 + n ? src[i - 2] : d)));
    }
  });

  it("refuses a range outside its view, and the dispatch still gives the reference result", () => {
    const arena = new Arena(0);
    const src = filled(arena, 8, (i) => i + 1);
    const dst = filled(arena, 8, () => 0);
    expect(simdCopy(src, 4, dst, 0, 5)).toBe(false);
    expect(simdAddRange(src, 0, dst, 6, 3)).toBe(false);
    expect(simdSum(9, src, src, dst)).toBe(false);
    expect(Array.from(dst)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("leaves arrays outside an Arena to the TypeScript loops, with the same results", () => {
    const a = Float32Array.from([1.5, -2, 3e-8, 4]);
    const b = Float32Array.from([0.25, 2, 1, -4]);
    const out = new Float32Array(4);
    expect(simdSum(4, a, b, out)).toBe(false);
    addForward(4, a, b, out);
    expect(Array.from(out)).toEqual([1.75, 0, 1, 0]); // 1 + 3e-8 rounds to 1 in float32
    addInto(a, 1, out, 0, 3);
    expect(Array.from(out)).toEqual([-0.25, Math.fround(3e-8), 5, 0]);
    copyInto(b, 0, out, 2, 2);
    expect(Array.from(out)).toEqual([-0.25, Math.fround(3e-8), 0.25, 2]);
  });
  it("adds a residual's two gradient shares, masks them and hands them on as the three passes did, out aliasing pending or not", () => {
    const arena = new Arena(0);
    for (const n of SIZES)
      for (const relu of [false, true])
        for (const into of [false, true])
          for (const alias of [false, true]) {
            // y of both signs with an exact 0 and a NaN; shares whose sum is −0 at element 2.
            const y = filled(arena, n, (i) => (i === 3 ? 0 : i === 5 ? NaN : Math.sin(i)));
            const g = filled(arena, n, (i) => (i === 2 ? -0 : Math.cos(3 * i) * 1e3));
            const pending = filled(arena, n, (i) => (i === 2 ? -0 : Math.sin(7 * i) * 1e-3));
            const out = alias ? pending : filled(arena, n, (i) => i * 0.25);
            // The passes the generated code made before: addInto, reluBackward, then copyInto or addInto.
            const sum = Array.from(g, (v, i) => Math.fround(v + pending[i]));
            const masked = relu ? sum.map((v, i) => (y[i] > 0 ? v : 0)) : sum;
            const handed = masked.map((v, i) => (into ? Math.fround(out[i] + v) : v));
            const plain = [y, g, pending, out].map((v) => Float32Array.from(v));
            if (alias) plain[3] = plain[2];
            expect(simdGradSum(n, y, g, pending, out, relu, into)).toBe(true);
            for (let i = 0; i < n; i++) {
              expect(Object.is(g[i], masked[i]), `g ${i} of ${n}`).toBe(true);
              expect(Object.is(out[i], handed[i]), `out ${i} of ${n}`).toBe(true);
            }
            // The dispatch's other path (arrays outside an Arena: addInto, reluBackward, copyInto or addInto) agrees.
            gradSum(n, plain[0], plain[1], plain[2], plain[3], relu, into);
            for (let i = 0; i < n; i++) expect(Object.is(plain[1][i], masked[i]) && Object.is(plain[3][i], handed[i])).toBe(true);
          }
  });
});
