import { describe, expect, it } from "vitest";
import { batchNorm2dBackward, batchNorm2dForwardEval, batchNorm2dForwardTrain } from "../../../runtime/kernels/batchnorm2d.ts";
import { GRAD_TOL, numericGrad, randomArray, relError, weightedSum } from "./gradcheck.ts";

const B = 3,
  C = 2,
  S = 5,
  eps = 1e-5,
  momentum = 0.1;

function train(
  x: Float64Array,
  gamma: Float64Array | null,
  beta: Float64Array | null,
  rm = new Float64Array(C),
  rv = new Float64Array(C).fill(1),
) {
  const y = new Float64Array(B * C * S),
    sm = new Float64Array(C),
    sis = new Float64Array(C);
  batchNorm2dForwardTrain(B, C, S, x, 0, y, 0, gamma, 0, beta, 0, rm, 0, rv, 0, momentum, eps, sm, 0, sis, 0);
  return { y, sm, sis, rm, rv };
}

describe("batchnorm2d", () => {
  it("normalises each channel over the batch and all positions", () => {
    const x = randomArray(B * C * S, 1, -2, 4);
    const { y } = train(x, null, null);
    for (let c = 0; c < C; c++) {
      const vals: number[] = [];
      for (let b = 0; b < B; b++) for (let p = 0; p < S; p++) vals.push(y[(b * C + c) * S + p]);
      const mean = vals.reduce((a, v) => a + v, 0) / vals.length;
      const variance = vals.reduce((a, v) => a + (v - mean) ** 2, 0) / vals.length;
      expect(Math.abs(mean)).toBeLessThan(1e-12);
      expect(variance).toBeCloseTo(1, 4);
    }
  });

  it("updates running statistics with the unbiased variance over B·H·W values, as PyTorch", () => {
    const x = Float64Array.from({ length: B * C * S }, (_, i) => i % 7);
    const { rm, rv } = train(x, null, null);
    const ch0: number[] = [];
    for (let b = 0; b < B; b++) for (let p = 0; p < S; p++) ch0.push(x[b * C * S + p]);
    const mean = ch0.reduce((a, v) => a + v, 0) / ch0.length;
    const unbiased = ch0.reduce((a, v) => a + (v - mean) ** 2, 0) / (ch0.length - 1);
    expect(rm[0]).toBeCloseTo(momentum * mean, 12);
    expect(rv[0]).toBeCloseTo(1 - momentum + momentum * unbiased, 12);
  });

  it("backward matches finite differences for x, gamma and beta", () => {
    const x = randomArray(B * C * S, 2, -1, 3),
      gamma = randomArray(C, 3, 0.5, 1.5),
      beta = randomArray(C, 4),
      r = randomArray(B * C * S, 5);
    const f = () => weightedSum(train(x, gamma, beta).y, r);
    const { sm, sis } = train(x, gamma, beta);
    const dx = new Float64Array(B * C * S),
      dg = new Float64Array(C),
      db = new Float64Array(C);
    batchNorm2dBackward(B, C, S, r, 0, x, 0, sm, 0, sis, 0, gamma, 0, dx, 0, dg, 0, db, 0, false);
    expect(relError(dx, numericGrad(f, x))).toBeLessThan(GRAD_TOL);
    expect(relError(dg, numericGrad(f, gamma))).toBeLessThan(GRAD_TOL);
    expect(relError(db, numericGrad(f, beta))).toBeLessThan(GRAD_TOL);
  });

  it("evaluation uses the running statistics and can fuse the ReLU", () => {
    const x = Float64Array.from([-3, 1, 5, 2]);
    const y = new Float64Array(4);
    batchNorm2dForwardEval(
      1,
      2,
      2,
      x,
      0,
      y,
      0,
      Float64Array.from([2, 1]),
      0,
      Float64Array.from([0, -1]),
      0,
      Float64Array.from([1, 2]),
      0,
      Float64Array.from([4, 1]),
      0,
      0,
      true,
    );
    expect(Array.from(y)).toEqual([0, 0, 2, 0]);
  });
});
