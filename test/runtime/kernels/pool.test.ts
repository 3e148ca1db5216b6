import { describe, expect, it } from "vitest";
import {
  avgPoolBackward,
  avgPoolForward,
  globalAvgPoolBackward,
  globalAvgPoolForward,
  maxPoolBackward,
  maxPoolForward,
  type PoolGeometry,
} from "../../../runtime/kernels/pool.ts";
import { GRAD_TOL, numericGrad, randomArray, relError, weightedSum } from "./gradcheck.ts";

function geometry(C: number, H: number, W: number, k: number, stride: number, pad: number): PoolGeometry {
  const side = (s: number) => Math.floor((s + 2 * pad - k) / stride) + 1;
  return { C, H, W, OH: side(H), OW: side(W), k, stride, pad };
}

const cases: [string, PoolGeometry][] = [
  ["2×2 stride 2", geometry(2, 6, 6, 2, 2, 0)],
  ["3×3 stride 2 padding 1", geometry(3, 7, 5, 3, 2, 1)],
  ["overlapping 3×3 stride 1", geometry(1, 5, 5, 3, 1, 0)],
];

describe("max pooling", () => {
  it("takes the maximum of each window", () => {
    const g = geometry(1, 2, 4, 2, 2, 0);
    const x = Float64Array.from([1, 5, 2, 0, 3, 4, -1, 7]);
    const y = new Float64Array(2),
      idx = new Int32Array(2);
    maxPoolForward(1, g, x, 0, y, 0, idx, 0);
    expect(Array.from(y)).toEqual([5, 7]);
  });

  for (const [name, g] of cases) {
    it(`backward matches finite differences: ${name}`, () => {
      const n = 2,
        size = n * g.C * g.H * g.W,
        out = n * g.C * g.OH * g.OW;
      const x = randomArray(size, 1),
        r = randomArray(out, 2),
        idx = new Int32Array(out);
      const f = () => {
        const y = new Float64Array(out);
        maxPoolForward(n, g, x, 0, y, 0, idx, 0);
        return weightedSum(y, r);
      };
      f();
      const dx = new Float64Array(size);
      maxPoolBackward(n, g, r, 0, idx, 0, dx, 0);
      expect(relError(dx, numericGrad(f, x))).toBeLessThan(GRAD_TOL);
    });
  }
});

describe("average pooling", () => {
  it("divides by the full window, padded zeros included (count_include_pad)", () => {
    const g = geometry(1, 2, 2, 2, 2, 1);
    const x = Float64Array.from([1, 2, 3, 4]);
    const y = new Float64Array(4);
    avgPoolForward(1, g, x, 0, y, 0);
    expect(Array.from(y)).toEqual([0.25, 0.5, 0.75, 1]);
  });

  for (const [name, g] of cases) {
    it(`backward matches finite differences: ${name}`, () => {
      const n = 2,
        size = n * g.C * g.H * g.W,
        out = n * g.C * g.OH * g.OW;
      const x = randomArray(size, 3),
        r = randomArray(out, 4);
      const f = () => {
        const y = new Float64Array(out);
        avgPoolForward(n, g, x, 0, y, 0);
        return weightedSum(y, r);
      };
      const dx = new Float64Array(size);
      avgPoolBackward(n, g, r, 0, dx, 0);
      expect(relError(dx, numericGrad(f, x))).toBeLessThan(GRAD_TOL);
    });
  }
});

describe("global average pooling", () => {
  it("averages each channel and spreads the gradient evenly", () => {
    const n = 2,
      C = 3,
      S = 5;
    const x = randomArray(n * C * S, 5),
      r = randomArray(n * C, 6);
    const f = () => {
      const y = new Float64Array(n * C);
      globalAvgPoolForward(n, C, S, x, 0, y, 0);
      return weightedSum(y, r);
    };
    const dx = new Float64Array(n * C * S);
    globalAvgPoolBackward(n, C, S, r, 0, dx, 0);
    expect(relError(dx, numericGrad(f, x))).toBeLessThan(GRAD_TOL);
    const y = new Float64Array(n * C);
    globalAvgPoolForward(1, 1, 4, Float64Array.from([1, 2, 3, 6]), 0, y, 0);
    expect(y[0]).toBe(3);
  });
});
