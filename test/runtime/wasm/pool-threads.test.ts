import { afterEach, describe, expect, it } from "vitest";
import { Arena } from "../../../runtime/arena.ts";
import { maxPoolBackward, maxPoolForward } from "../../../runtime/dispatch/pool.ts";
import type { PoolGeometry } from "../../../runtime/kernels/pool.ts";
import { simdEnabled } from "../../../runtime/wasm/simd.ts";
import { gemmThreads, setGemmThreads } from "../../../runtime/wasm/threads.ts";
import { randomArray } from "../kernels/gradcheck.ts";
import { firstDifference } from "./first-difference.ts";

/*
 * Max pooling's WebAssembly passes split a large batch into slices of samples across helper threads
 * (runtime/wasm/pool.ts); each sample's outputs, winners and input gradient are computed alone, so they must
 * be the same bytes for any thread count.
 */

const threadsBefore = gemmThreads();
afterEach(() => setGemmThreads(threadsBefore));

function pass(threads: number, n: number, g: PoolGeometry): { y: Float32Array; argmax: Int32Array; dx: Float32Array } {
  setGemmThreads(threads);
  const arena = new Arena(0);
  const [inSize, outSize] = [g.C * g.H * g.W, g.C * g.OH * g.OW];
  const [x, dx] = [0, 0].map(() => arena.floats("f32", n * inSize) as Float32Array);
  const [y, dy] = [0, 0].map(() => arena.floats("f32", n * outSize) as Float32Array);
  const argmax = arena.ints(n * outSize);
  x.set(randomArray(x.length, 31));
  dy.set(randomArray(dy.length, 32));
  maxPoolForward(n, g, x, 0, y, 0, argmax, 0);
  maxPoolBackward(n, g, dy, 0, argmax, 0, dx, 0);
  return { y, argmax, dx };
}

describe.skipIf(!simdEnabled)("max pooling on helper threads", () => {
  for (const [name, g] of [
    ["2×2 stride 2 on 14×14 (the four-lane path with a scalar tail)", { C: 96, H: 14, W: 14, OH: 7, OW: 7, k: 2, stride: 2, pad: 0 }],
    ["3×3 stride 2 on 15×15 (the general path)", { C: 64, H: 15, W: 15, OH: 7, OW: 7, k: 3, stride: 2, pad: 0 }],
  ] as const) {
    it(`${name}: outputs, winners and input gradients are the same bytes on 1, 2 and 3 threads`, () => {
      const n = 11; // above the size where the passes split, and not a multiple of 2 or 3
      const one = pass(1, n, g);
      expect(one.dx.some((v) => v !== 0) && one.dx.some((v) => v === 0), "the gradient reached the winners only").toBe(true);
      for (const threads of [2, 3]) {
        const many = pass(threads, n, g);
        for (const key of ["y", "argmax", "dx"] as const)
          expect(firstDifference(many[key], one[key]), `${key}, ${threads} threads`).toBe(-1);
      }
    });
  }
});
