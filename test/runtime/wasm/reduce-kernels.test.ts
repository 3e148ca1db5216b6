import { describe, expect, it } from "vitest";
import { Arena } from "../../../runtime/arena.ts";
import { simdAddInto } from "../../../runtime/wasm/add.ts";
import { simdAllFinite } from "../../../runtime/wasm/finite.ts";
import { simdEnabled } from "../../../runtime/wasm/simd.ts";

/*
 * The two kernels the data-parallel step adds per step: the gradient reduction dst += src, which must
 * give exactly the float32 sums the TypeScript loop gives (so results never depend on which path ran),
 * and the all-finite test of the parameters. Odd sizes exercise the scalar tails after the lane loops.
 */

const SIZES = [0, 1, 3, 4, 7, 33, 1001];

describe.skipIf(!simdEnabled)("data-parallel reduction kernels", () => {
  it("adds float32 arrays exactly as float32 scalar additions do", () => {
    const arena = new Arena(0);
    for (const n of SIZES) {
      const dst = arena.floats("f32", n) as Float32Array;
      const src = arena.floats("f32", n) as Float32Array;
      for (let i = 0; i < n; i++) {
        dst[i] = Math.fround(Math.sin(i) * 1e3);
        src[i] = Math.fround(Math.cos(3 * i) * 1e-3);
      }
      const expected = dst.map((d, i) => Math.fround(d + src[i]));
      expect(simdAddInto(dst, src)).toBe(true);
      expect(Array.from(dst)).toEqual(Array.from(expected));
    }
  });

  it("flags NaN, Infinity and -Infinity anywhere, and nothing else", () => {
    const arena = new Arena(0);
    for (const n of SIZES) {
      const p = arena.floats("f32", n);
      for (let i = 0; i < n; i++) p[i] = i % 2 === 0 ? 3.4e38 : -1e-45 * i;
      expect(simdAllFinite(p)).toBe(true);
      for (let i = 0; i < n; i++) {
        for (const bad of [NaN, Infinity, -Infinity]) {
          const keep = p[i];
          p[i] = bad;
          expect(simdAllFinite(p)).toBe(false);
          p[i] = keep;
        }
      }
    }
  });

  it("leaves arrays outside an Arena to the TypeScript loops", () => {
    expect(simdAddInto(new Float32Array(4), new Float32Array(4))).toBe(false);
    expect(simdAllFinite(new Float32Array(4))).toBeUndefined();
  });
});
