/** DropConnect's mask over a weight matrix: its rate, its scale, its seeding, and the gradient masked as the weights were. */
import { describe, expect, it } from "vitest";
import { dropConnectGradient, dropConnectMask } from "../../../runtime/kernels/drop-connect.ts";
import { Rng } from "../../../runtime/rng.ts";
import { randomArray } from "./gradcheck.ts";

describe("DropConnect mask", () => {
  it("drops about p of the weights and scales the kept ones by 1/(1 − p)", () => {
    const size = 20000,
      p = 0.25;
    const w = randomArray(size, 1);
    const mask = new Float64Array(size);
    const masked = new Float64Array(size);
    dropConnectMask(size, w, mask, masked, p, new Rng(2));
    let dropped = 0;
    for (let k = 0; k < size; k++) {
      if (mask[k] === 0) {
        dropped++;
        expect(masked[k] === 0).toBe(true);
      } else {
        expect(mask[k]).toBeCloseTo(1 / (1 - p), 15);
        expect(masked[k]).toBeCloseTo(w[k] / (1 - p), 14);
      }
    }
    // Binomial(20000, 0.25): standard deviation 61, so ±250 is four of them.
    expect(Math.abs(dropped - p * size)).toBeLessThan(250);
  });

  it("draws a fresh mask each call, the same sequence from the same seed", () => {
    const draw = (rng: Rng) => {
      const mask = new Float64Array(64);
      dropConnectMask(64, new Float64Array(64).fill(1), mask, new Float64Array(64), 0.5, rng);
      return Array.from(mask);
    };
    const a = new Rng(9);
    const first = draw(a);
    expect(draw(a)).not.toEqual(first);
    expect(draw(new Rng(9))).toEqual(first);
  });

  it("adds the masked weights' gradient times the mask to the weight gradient", () => {
    const grad = Float64Array.from([1, 1, 1]);
    dropConnectGradient(3, Float64Array.from([2, 3, 4]), Float64Array.from([0, 2, 2]), grad);
    expect(Array.from(grad)).toEqual([1, 7, 9]);
  });
});
