import { afterEach, describe, expect, it } from "vitest";
import { Arena } from "../../../runtime/arena.ts";
import { reluBackward, reluForward } from "../../../runtime/dispatch/activations.ts";
import { addForward, addInto, copyInto } from "../../../runtime/dispatch/merge.ts";
import { simdEnabled } from "../../../runtime/wasm/simd.ts";
import { gemmThreads, setGemmThreads } from "../../../runtime/wasm/threads.ts";
import { randomArray } from "../kernels/gradcheck.ts";
import { firstDifference } from "./first-difference.ts";

/*
 * The elementwise passes a graph model runs between layers (a residual merge, a gradient hand-over, ReLU) split a
 * long range across the helper threads (runtime/wasm/add.ts, relu.ts). Every element is computed alone, so the
 * results must be the reference loop's values, the same bytes on any thread count, including ranges that start at
 * an offset and a length that splits into slices of odd sizes.
 */

const threadsBefore = gemmThreads();
afterEach(() => setGemmThreads(threadsBefore));

const n = 300_007; // long enough to split; odd, so the slices are not whole vectors
const offset = 3;

function passes(threads: number): Record<string, Float32Array> {
  setGemmThreads(threads);
  const arena = new Arena(0);
  const floats = () => arena.floats("f32", n + offset) as Float32Array;
  const [a, b, sum, acc, copy, y, dx] = [floats(), floats(), floats(), floats(), floats(), floats(), floats()];
  a.set(randomArray(n + offset, 41));
  b.set(randomArray(n + offset, 42));
  acc.set(randomArray(n + offset, 43));
  addForward(n, a, b, sum);
  addInto(a, offset, acc, offset, n);
  copyInto(b, offset, copy, offset, n);
  reluForward(a, offset, y, offset, n);
  reluBackward(y, offset, b, offset, dx, offset, n);
  return { sum, acc, copy, y, dx };
}

describe.skipIf(!simdEnabled)("elementwise passes on helper threads", () => {
  it("sum, add-into, copy, ReLU and its gradient: the reference values, the same bytes on 1, 2 and 3 threads", () => {
    const one = passes(1);
    const [a, b, acc] = [randomArray(n + offset, 41), randomArray(n + offset, 42), randomArray(n + offset, 43)].map((v) =>
      Float32Array.from(v),
    );
    const expected: Record<string, (i: number) => number> = {
      sum: (i) => (i < n ? Math.fround(a[i] + b[i]) : 0),
      acc: (i) => (i < offset ? acc[i] : Math.fround(acc[i] + a[i])),
      copy: (i) => (i < offset ? 0 : b[i]),
      y: (i) => (i < offset ? 0 : a[i] > 0 ? a[i] : 0),
      dx: (i) => (i < offset ? 0 : a[i] > 0 ? b[i] : 0),
    };
    for (const [key, value] of Object.entries(expected)) {
      const want = Float32Array.from({ length: n + offset }, (_, i) => value(i));
      expect(firstDifference(one[key], want), `${key}: first index differing from the reference`).toBe(-1);
    }
    for (const threads of [2, 3]) {
      const many = passes(threads);
      for (const key of Object.keys(expected)) expect(firstDifference(many[key], one[key]), `${key} on ${threads} threads`).toBe(-1);
    }
  });
});
