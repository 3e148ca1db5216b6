/**
 * Group normalization over float32 Arena buffers runs batch norm's SIMD passes one sample at a time
 * (runtime/wasm/group-norm.ts); the same float32-representable inputs through the float64 reference must agree
 * within float32 rounding: outputs, saved statistics, input gradient (in place and not), γ and β gradients.
 */
import { describe, expect, it } from "vitest";
import { Arena } from "../../../runtime/arena.ts";
import { groupNormBackward, groupNormForward } from "../../../runtime/kernels/group-norm.ts";
import { simdGroupNormBackward, simdGroupNormForward } from "../../../runtime/wasm/group-norm.ts";
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

const cases = [
  { what: "3 groups of 2 channels, 5 × 5 (a scalar tail after the lanes)", n: 3, G: 3, C: 6, S: 25, affine: true },
  { what: "one group of 4 channels, 8 × 8, a zero γ", n: 2, G: 1, C: 4, S: 64, affine: true, zeroGamma: true },
  { what: "4 groups of one channel (instance norm), 7 × 3, no affine", n: 2, G: 4, C: 4, S: 21, affine: false },
];

describe.runIf(simdEnabled)("group normalization in WebAssembly SIMD", () => {
  for (const { what, n, G, C, S, affine, zeroGamma } of cases) {
    it(`${what}: matches the float64 reference within float32 rounding`, () => {
      const size = n * C * S;
      const x = f32(randomArray(size, 21, 2, 5)); // a mean far from 0, so a one-pass variance would show
      const gamma = affine ? f32(randomArray(C, 22, 0.5, 1.5)) : null;
      if (gamma !== null && zeroGamma) gamma[1] = 0;
      const beta = affine ? f32(randomArray(C, 23)) : null;
      const dy = f32(randomArray(size, 24));
      const ref = { y: new Float64Array(size), xhat: new Float64Array(size), inv: new Float64Array(n * G), dx: new Float64Array(size) };
      const refDg = new Float64Array(C);
      const refDb = new Float64Array(C);
      groupNormForward(n, G, C, S, x, ref.y, gamma, beta, 1e-5, ref.xhat, ref.inv);
      groupNormBackward(n, G, C, S, dy, ref.xhat, ref.inv, gamma, ref.dx, refDg, refDb);

      const arena = new Arena(0);
      const [ay, axhat, adx] = [0, 0, 0].map(() => arena.floats("f32", size) as Float32Array);
      const inv = new Float32Array(n * G);
      const g32 = gamma === null ? null : Float32Array.from(gamma);
      const b32 = beta === null ? null : Float32Array.from(beta);
      expect(simdGroupNormForward(n, G, C, S, inArena(arena, x), ay, g32, b32, 1e-5, axhat, inv)).toBe(true);
      expect(maxRelDiff(inv, ref.inv)).toBeLessThan(1e-5);
      expect(maxRelDiff(axhat, ref.xhat)).toBeLessThan(1e-5);
      expect(maxRelDiff(ay, ref.y)).toBeLessThan(1e-5);

      const dg = new Float32Array(C).fill(0.5); // accumulated into, as the model's gradients are
      const db = new Float32Array(C).fill(0.5);
      expect(simdGroupNormBackward(n, G, C, S, inArena(arena, dy), axhat, inv, g32, adx, dg, db)).toBe(true);
      expect(maxRelDiff(adx, ref.dx)).toBeLessThan(1e-4);
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
      // In place, as the generated backward calls it (dx is dy).
      const inPlace = inArena(arena, dy);
      expect(simdGroupNormBackward(n, G, C, S, inPlace, axhat, inv, g32, inPlace, null, null)).toBe(true);
      expect(maxRelDiff(inPlace, ref.dx)).toBeLessThan(1e-4);
    });
  }

  it("leaves float64 arrays to the reference", () => {
    const x = new Float64Array(32);
    expect(simdGroupNormForward(1, 1, 2, 16, x, new Float64Array(32), null, null, 1e-5, new Float64Array(32), new Float64Array(1))).toBe(
      false,
    );
  });
});
