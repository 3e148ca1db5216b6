import { describe, expect, it } from "vitest";
import { Arena } from "../../../runtime/arena.ts";
import { adamUpdate } from "../../../runtime/optimizers/adam.ts";
import { simdEnabled } from "../../../runtime/wasm/simd.ts";
import { randomArray } from "../kernels/gradcheck.ts";

/*
 * adamUpdate on float32 arena buffers runs the SIMD loop; on plain Float32Arrays the TypeScript
 * loop. Several steps of both must agree to float32 rounding (a few ulps of the step size).
 */
function state(n: number, inArena: boolean): Float32Array[] {
  const arena = new Arena(0);
  return [0, 1, 2, 3].map((k) => {
    const x = inArena ? (arena.floats("f32", n) as Float32Array) : new Float32Array(n);
    if (k < 2) x.set(randomArray(n, 10 + k));
    return x;
  });
}

describe.skipIf(!simdEnabled)("Adam's SIMD update agrees with the TypeScript loop", () => {
  const cases = [
    { name: "Adam", weightDecay: 0, decoupled: 0, l2x: 0, clipScale: 1 },
    { name: "AdamW with decoupled decay", weightDecay: 0, decoupled: 1e-3 * 0.01, l2x: 0, clipScale: 1 },
    { name: "Adam with L2 weight decay, l2 penalty and a clip-norm scale", weightDecay: 0.01, decoupled: 0, l2x: 1e-3, clipScale: 0.5 },
  ];
  for (const c of cases) {
    it(`${c.name} matches over 5 steps on a range with a ragged tail`, () => {
      const n = 203, start = 1, end = 200;
      const simd = state(n, true), ref = state(n, false);
      for (let t = 1; t <= 5; t++) {
        for (const [p, g, m, v] of [simd, ref]) {
          adamUpdate(p, g, m, v, null, start, end, 1e-2, 0.9, 0.999, 1e-8, 1 - 0.9 ** t, 1 - 0.999 ** t, false, c.weightDecay, c.decoupled, c.l2x, 0, Infinity, c.clipScale);
        }
      }
      for (let k = 0; k < 3; k++) {
        for (let i = 0; i < n; i++) expect(Math.abs(simd[k][i] - ref[k][i])).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(ref[k][i])));
      }
      expect(simd[0][0]).toBe(ref[0][0]);
      expect(simd[0][n - 1]).toBe(ref[0][n - 1]);
    });
  }
});
