/**
 * Layer normalization over float32 Arena buffers (runtime/wasm/layer-norm.ts: batch norm's SIMD passes with
 * each sample as one plane, the per-value affine map in TypeScript) against the float64 reference (one group,
 * one γ per value): outputs, saved statistics, input gradient (in place and not), γ and β gradients.
 */
import { describe, expect, it } from "vitest";
import { Arena } from "../../../runtime/arena.ts";
import { groupNormBackward, groupNormForward } from "../../../runtime/kernels/group-norm.ts";
import { simdLayerNormBackward, simdLayerNormForward } from "../../../runtime/wasm/layer-norm.ts";
import { simdEnabled } from "../../../runtime/wasm/simd.ts";
import { randomArray } from "../kernels/gradcheck.ts";

const f32 = (a: ArrayLike<number>): Float64Array => Float64Array.from(Float32Array.from(a));

function inArena(arena: Arena, a: ArrayLike<number>): Float32Array {
  const v = arena.floats("f32", a.length) as Float32Array;
  v.set(a);
  return v;
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>, scale = 1): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (scale + Math.abs(b[i])));
  return worst;
}

describe.runIf(simdEnabled)("layer normalization in WebAssembly SIMD", () => {
  for (const { what, n, F, affine } of [
    { what: "[4, 6, 6] = 144 values per sample", n: 3, F: 144, affine: true },
    { what: "2,501 values (past a 1,024-value flush, and a scalar tail), no affine", n: 2, F: 2501, affine: false },
  ]) {
    it(`${what}: matches the float64 reference within float32 rounding`, () => {
      const size = n * F;
      const x = f32(randomArray(size, 31, 2, 5)); // a mean far from 0, so a one-pass variance would show
      const gamma = affine ? f32(randomArray(F, 32, 0.5, 1.5)) : null;
      if (gamma !== null) gamma[3] = 0;
      const beta = affine ? f32(randomArray(F, 33)) : null;
      const dy = f32(randomArray(size, 34));
      const ref = { y: new Float64Array(size), xhat: new Float64Array(size), inv: new Float64Array(n), dx: new Float64Array(size) };
      const refDg = new Float64Array(F);
      const refDb = new Float64Array(F);
      groupNormForward(n, 1, F, 1, x, ref.y, gamma, beta, 1e-5, ref.xhat, ref.inv);
      groupNormBackward(n, 1, F, 1, dy, ref.xhat, ref.inv, gamma, ref.dx, refDg, refDb);

      const arena = new Arena(0);
      const [ay, axhat, adx] = [0, 0, 0].map(() => arena.floats("f32", size) as Float32Array);
      const inv = new Float32Array(n);
      const g32 = gamma === null ? null : Float32Array.from(gamma);
      const b32 = beta === null ? null : Float32Array.from(beta);
      expect(simdLayerNormForward(n, F, inArena(arena, x), ay, g32, b32, 1e-5, axhat, inv)).toBe(true);
      expect(maxRelDiff(inv, ref.inv)).toBeLessThan(1e-5);
      expect(maxRelDiff(axhat, ref.xhat)).toBeLessThan(1e-5);
      expect(maxRelDiff(ay, ref.y)).toBeLessThan(1e-5);

      const dg = new Float32Array(F).fill(0.5);
      const db = new Float32Array(F).fill(0.5);
      expect(simdLayerNormBackward(n, F, inArena(arena, dy), axhat, inv, g32, adx, affine ? dg : null, affine ? db : null)).toBe(true);
      expect(maxRelDiff(adx, ref.dx)).toBeLessThan(1e-4);
      if (affine) {
        expect(
          maxRelDiff(
            Array.from(dg, (v) => v - 0.5),
            refDg,
          ),
        ).toBeLessThan(1e-5);
        expect(
          maxRelDiff(
            Array.from(db, (v) => v - 0.5),
            refDb,
          ),
        ).toBeLessThan(1e-5);
      }
      const inPlace = inArena(arena, dy);
      expect(simdLayerNormBackward(n, F, inPlace, axhat, inv, g32, inPlace, null, null)).toBe(true);
      expect(maxRelDiff(inPlace, ref.dx)).toBeLessThan(1e-4);
    });
  }
});
