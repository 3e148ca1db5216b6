import { afterEach, describe, expect, it } from "vitest";
import { Arena } from "../../../runtime/arena.ts";
import { batchNorm2dBackward, batchNorm2dForwardEval, batchNorm2dForwardTrain } from "../../../runtime/dispatch/batchnorm2d.ts";
import { simdEnabled } from "../../../runtime/wasm/simd.ts";
import { gemmThreads, setGemmThreads } from "../../../runtime/wasm/threads.ts";
import { randomArray } from "../kernels/gradcheck.ts";
import { firstDifference } from "./first-difference.ts";

/*
 * Batch norm's SIMD passes split a large batch into slices of samples across helper threads
 * (runtime/wasm/batchnorm2d.ts). Every pass works plane by plane and the per-channel totals are added in
 * sample order on the calling thread, so every output must be the same bytes for any thread count.
 */

const threadsBefore = gemmThreads();
afterEach(() => {
  setGemmThreads(threadsBefore);
});

/** Training forward, eval forward with ReLU and backward of [B, C, S] activations on `threads` threads. */
function pass(threads: number, B: number, C: number, S: number): Record<string, Float32Array> {
  setGemmThreads(threads);
  const size = B * C * S;
  const arena = new Arena(0);
  const [x, y, xe, ev, dy, dx] = [0, 0, 0, 0, 0, 0].map(() => arena.floats("f32", size) as Float32Array);
  x.set(randomArray(size, 21, 1, 4));
  xe.set(randomArray(size, 22, -1, 1));
  dy.set(randomArray(size, 23));
  const gamma = Float32Array.from(randomArray(C, 24, 0.5, 1.5)),
    beta = Float32Array.from(randomArray(C, 25));
  const [rm, rv, mean, inv, dg, db] = [0, 0, 0, 0, 0, 0].map(() => new Float32Array(C));
  rv.fill(1);
  batchNorm2dForwardTrain(B, C, S, x, 0, y, 0, gamma, 0, beta, 0, rm, 0, rv, 0, 0.1, 1e-5, mean, 0, inv, 0, false);
  batchNorm2dForwardEval(B, C, S, xe, 0, ev, 0, gamma, 0, beta, 0, rm, 0, rv, 0, 1e-5, true);
  batchNorm2dBackward(B, C, S, dy, 0, x, 0, mean, 0, inv, 0, gamma, 0, beta, 0, dx, 0, dg, 0, db, 0, false, null, 0);
  return { y, ev, dx, rm, rv, mean, inv, dg, db };
}

describe.skipIf(!simdEnabled)("batch norm 2-d on helper threads", () => {
  it("gives the same bytes on 1, 2 and 3 threads, for a batch large enough to be split", () => {
    // 9 samples of [32, 28, 28]: 225,792 values, above the size where the passes split, and 9 does not divide evenly.
    const [B, C, S] = [9, 32, 784];
    const one = pass(1, B, C, S);
    expect(one.ev.some((v) => v === 0) && one.ev.some((v) => v > 0), "the eval ReLU clipped some outputs and kept others").toBe(true);
    for (const threads of [2, 3]) {
      const many = pass(threads, B, C, S);
      // The first differing index, not a diff of 225,792 values (which vitest would take minutes to print).
      for (const [name, values] of Object.entries(one)) expect(firstDifference(many[name], values), `${name}, ${threads} threads`).toBe(-1);
    }
  });
});
