/** Adaptive average pooling: PyTorch's bins (worked by hand), overlap and upsampling, and a float64 gradient check. */
import { describe, expect, it } from "vitest";
import { adaptiveAvgPoolBackward, adaptiveAvgPoolForward } from "../../../runtime/kernels/adaptive-pool.ts";
import { GRAD_TOL, numericGrad, randomArray, relError, weightedSum } from "./gradcheck.ts";

function pool(n: number, C: number, H: number, W: number, oh: number, ow: number, x: Float64Array): Float64Array {
  const y = new Float64Array(n * C * oh * ow);
  adaptiveAvgPoolForward(n, C, H, W, oh, ow, x, y);
  return y;
}

describe("adaptive average pooling", () => {
  it("pools 7 columns into 3 overlapping bins [0, 3), [2, 5), [4, 7), as nn.AdaptiveAvgPool2d", () => {
    const x = Float64Array.from([0, 1, 2, 3, 4, 5, 6]);
    expect(Array.from(pool(1, 1, 1, 7, 1, 3, x))).toEqual([1, 3, 5]);
  });

  it("pools 2 rows into 3 bins [0, 1), [0, 2), [1, 2) (an output larger than the input)", () => {
    const x = Float64Array.from([2, 6]);
    expect(Array.from(pool(1, 1, 2, 1, 3, 1, x))).toEqual([2, 4, 6]);
  });

  it("is the plain mean of each block when the size divides, per channel and sample", () => {
    // 2 samples × 2 channels of 4 × 4, into 2 × 2: each output is the mean of a 2 × 2 block.
    const x = randomArray(2 * 2 * 16, 3);
    const y = pool(2, 2, 4, 4, 2, 2, x);
    for (let m = 0; m < 4; m++)
      for (let i = 0; i < 2; i++)
        for (let j = 0; j < 2; j++) {
          const at = (r: number, c: number) => x[m * 16 + r * 4 + c];
          const mean = (at(2 * i, 2 * j) + at(2 * i, 2 * j + 1) + at(2 * i + 1, 2 * j) + at(2 * i + 1, 2 * j + 1)) / 4;
          expect(y[m * 4 + i * 2 + j]).toBeCloseTo(mean, 14);
        }
  });

  it("pools each 7×7 plane into its mean for global pooling (a ResNet's head), and spreads a −0 gradient as +0", () => {
    // Plane m holds 100·m + 0, 1, …, 48: its mean is 100·m + 24.
    const x = Float32Array.from({ length: 6 * 49 }, (_, i) => 100 * Math.floor(i / 49) + (i % 49));
    const y = new Float32Array(6);
    adaptiveAvgPoolForward(2, 3, 7, 7, 1, 1, x, y);
    expect(Array.from(y)).toEqual([24, 124, 224, 324, 424, 524]);
    const dx = new Float32Array(6 * 49).fill(9);
    adaptiveAvgPoolBackward(2, 3, 7, 7, 1, 1, Float32Array.from([49, -0, 98, 0, -49, 4.9]), dx);
    expect([dx[0], dx[48], dx[60], dx[98], dx[150], dx[200], dx[293]]).toEqual([1, 1, 0, 2, 0, -1, Math.fround(4.9 / 49)]);
    expect(Object.is(dx[60], 0), "+0, as the generic loops' 0 + share").toBe(true);
  });

  for (const [H, W, oh, ow] of [
    [7, 7, 3, 3],
    [5, 4, 3, 6],
    [6, 6, 1, 1],
  ]) {
    it(`${H}×${W} → ${oh}×${ow}: the input gradient matches central differences`, () => {
      const n = 2,
        C = 3;
      const x = randomArray(n * C * H * W, 5);
      const r = randomArray(n * C * oh * ow, 6);
      const dx = new Float64Array(n * C * H * W).fill(9); // backward overwrites, never accumulates into, dx
      adaptiveAvgPoolBackward(n, C, H, W, oh, ow, r, dx);
      expect(
        relError(
          dx,
          numericGrad(() => weightedSum(pool(n, C, H, W, oh, ow, x), r), x),
        ),
      ).toBeLessThan(GRAD_TOL);
    });
  }
});
