/** Stochastic depth, row mode: whole rows kept with probability 1 − p and rescaled, masks from the seeded generator. */
import { describe, expect, it } from "vitest";
import { stochasticDepthBackward, stochasticDepthForward } from "../../../runtime/kernels/stochastic-depth.ts";
import { Rng } from "../../../runtime/rng.ts";
import { randomArray } from "./gradcheck.ts";

describe("stochastic depth", () => {
  it("zeroes about p of the rows, keeps each row whole and scales kept rows by 1/(1 − p)", () => {
    const n = 4000,
      F = 5,
      p = 0.3;
    const x = randomArray(n * F, 1, 0.5, 1.5);
    const y = new Float64Array(n * F);
    const mask = new Float64Array(n);
    stochasticDepthForward(n, F, x, y, mask, p, new Rng(5));
    let dropped = 0;
    for (let r = 0; r < n; r++) {
      const row = Array.from(y.subarray(r * F, (r + 1) * F));
      if (mask[r] === 0) {
        dropped++;
        expect(row).toEqual([0, 0, 0, 0, 0]);
      } else {
        expect(mask[r]).toBeCloseTo(1 / (1 - p), 15);
        row.forEach((v, i) => expect(v).toBeCloseTo(x[r * F + i] / (1 - p), 14));
      }
    }
    // Binomial(4000, 0.3): standard deviation 29 rows, so ±120 is four of them.
    expect(Math.abs(dropped - p * n)).toBeLessThan(120);
  });

  it("draws the same masks from the same seed and different ones from another", () => {
    const draw = (seed: number) => {
      const mask = new Float64Array(64);
      stochasticDepthForward(64, 2, new Float64Array(128), new Float64Array(128), mask, 0.5, new Rng(seed));
      return Array.from(mask);
    };
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
  });

  it("passes every row through at p = 0 and masks the gradient rows as the forward did", () => {
    const x = randomArray(12, 2);
    const y = new Float64Array(12);
    const mask = new Float64Array(4);
    stochasticDepthForward(4, 3, x, y, mask, 0, new Rng(1));
    expect(Array.from(y)).toEqual(Array.from(x));
    mask.set([0, 2, 0, 2]);
    const dy = Float64Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    stochasticDepthBackward(4, 3, mask, dy, dy);
    expect(Array.from(dy)).toEqual([0, 0, 0, 2, 2, 2, 0, 0, 0, 2, 2, 2]);
  });
});
