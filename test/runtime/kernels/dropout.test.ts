import { describe, expect, it } from "vitest";
import { dropoutBackward, dropoutForward } from "../../../runtime/kernels/dropout.ts";
import { Rng } from "../../../runtime/rng.ts";
import { GRAD_TOL, numericGrad, randomArray, relError, weightedSum } from "./gradcheck.ts";

describe("dropout", () => {
  it("backward with the forward's fixed mask matches finite differences", () => {
    const n = 40,
      p = 0.3;
    const x = randomArray(n, 1),
      r = randomArray(n, 2),
      y = new Float64Array(n),
      mask = new Float64Array(n);
    dropoutForward(x, 0, y, 0, mask, 0, n, p, new Rng(5));
    // with the mask fixed, y = x ⊙ mask
    const f = () => {
      for (let i = 0; i < n; i++) y[i] = x[i] * mask[i];
      return weightedSum(y, r);
    };
    const dx = new Float64Array(n);
    dropoutBackward(mask, 0, r, 0, dx, 0, n);
    expect(relError(dx, numericGrad(f, x))).toBeLessThan(GRAD_TOL);
  });

  it("keeps about 1 − p of the values, scaled by 1/(1 − p)", () => {
    const n = 20000,
      p = 0.25;
    const x = new Float64Array(n).fill(1),
      y = new Float64Array(n),
      mask = new Float64Array(n);
    dropoutForward(x, 0, y, 0, mask, 0, n, p, new Rng(9));
    let kept = 0;
    for (let i = 0; i < n; i++) {
      expect(mask[i] === 0 || mask[i] === 1 / (1 - p)).toBe(true);
      expect(y[i]).toBe(mask[i]);
      if (mask[i] !== 0) kept++;
    }
    expect(Math.abs(kept / n - 0.75)).toBeLessThan(0.02);
  });

  it("is the identity for p = 0 and zero for p = 1", () => {
    const x = randomArray(5, 3),
      y = new Float64Array(5),
      mask = new Float64Array(5);
    dropoutForward(x, 0, y, 0, mask, 0, 5, 0, new Rng(1));
    expect(Array.from(y)).toEqual(Array.from(x));
    dropoutForward(x, 0, y, 0, mask, 0, 5, 1, new Rng(1));
    expect(Array.from(y)).toEqual([0, 0, 0, 0, 0]);
  });

  it("draws the same mask from the same seed", () => {
    const x = randomArray(50, 3),
      y = new Float64Array(50),
      m1 = new Float64Array(50),
      m2 = new Float64Array(50);
    dropoutForward(x, 0, y, 0, m1, 0, 50, 0.5, new Rng(77));
    dropoutForward(x, 0, y, 0, m2, 0, 50, 0.5, new Rng(77));
    expect(Array.from(m1)).toEqual(Array.from(m2));
  });
});
