import { describe, expect, it } from "vitest";
import { batchNormBackward, batchNormForwardEval, batchNormForwardTrain } from "../../../runtime/kernels/batchnorm.ts";
import { GRAD_TOL, numericGrad, randomArray, relError, weightedSum } from "./gradcheck.ts";

const B = 6,
  F = 4,
  eps = 1e-5,
  momentum = 0.1;

function trainForward(x: Float64Array, gamma: Float64Array | null, beta: Float64Array | null, rm: Float64Array, rv: Float64Array) {
  const y = new Float64Array(B * F),
    sm = new Float64Array(F),
    sis = new Float64Array(F),
    xhat = new Float64Array(B * F);
  batchNormForwardTrain(B, F, x, 0, y, 0, gamma, 0, beta, 0, rm, 0, rv, 0, momentum, eps, sm, 0, sis, 0, xhat, 0);
  return { y, sm, sis, xhat };
}

describe("batch norm (train mode) backward through the batch statistics matches finite differences", () => {
  it("for x, gamma and beta", () => {
    const x = randomArray(B * F, 1, -2, 3),
      gamma = randomArray(F, 2, 0.5, 1.5),
      beta = randomArray(F, 3),
      r = randomArray(B * F, 4);
    const f = () => weightedSum(trainForward(x, gamma, beta, new Float64Array(F), new Float64Array(F).fill(1)).y, r);
    const { xhat, sis } = trainForward(x, gamma, beta, new Float64Array(F), new Float64Array(F).fill(1));
    const dx = new Float64Array(B * F),
      dg = new Float64Array(F),
      db = new Float64Array(F);
    batchNormBackward(B, F, r, 0, xhat, 0, sis, 0, gamma, 0, dx, 0, dg, 0, db, 0, false);
    expect(relError(dx, numericGrad(f, x))).toBeLessThan(GRAD_TOL);
    expect(relError(dg, numericGrad(f, gamma))).toBeLessThan(GRAD_TOL);
    expect(relError(db, numericGrad(f, beta))).toBeLessThan(GRAD_TOL);
  });

  it("without affine parameters", () => {
    const x = randomArray(B * F, 5, -1, 2),
      r = randomArray(B * F, 6);
    const f = () => weightedSum(trainForward(x, null, null, new Float64Array(F), new Float64Array(F)).y, r);
    const { xhat, sis } = trainForward(x, null, null, new Float64Array(F), new Float64Array(F));
    const dx = new Float64Array(B * F);
    batchNormBackward(B, F, r, 0, xhat, 0, sis, 0, null, 0, dx, 0, null, 0, null, 0, false);
    expect(relError(dx, numericGrad(f, x))).toBeLessThan(GRAD_TOL);
  });

  it("accumulates dgamma and dbeta when asked", () => {
    const x = randomArray(B * F, 7),
      gamma = randomArray(F, 8),
      r = randomArray(B * F, 9);
    const { xhat, sis } = trainForward(x, gamma, null, new Float64Array(F), new Float64Array(F));
    const dx = new Float64Array(B * F),
      dg1 = new Float64Array(F),
      db1 = new Float64Array(F);
    batchNormBackward(B, F, r, 0, xhat, 0, sis, 0, gamma, 0, dx, 0, dg1, 0, db1, 0, false);
    const dg2 = new Float64Array(F).fill(1),
      db2 = new Float64Array(F).fill(2);
    batchNormBackward(B, F, r, 0, xhat, 0, sis, 0, gamma, 0, dx, 0, dg2, 0, db2, 0, true);
    for (let f = 0; f < F; f++) {
      expect(dg2[f]).toBeCloseTo(dg1[f] + 1, 12);
      expect(db2[f]).toBeCloseTo(db1[f] + 2, 12);
    }
  });
});

describe("batch norm statistics", () => {
  it("normalises with the biased variance and updates running stats with the unbiased one (momentum form)", () => {
    const x = randomArray(B * F, 11, -3, 5);
    const rm0 = randomArray(F, 12),
      rv0 = randomArray(F, 13, 0.5, 2);
    const rm = rm0.slice(),
      rv = rv0.slice();
    const { y } = trainForward(x, null, null, rm, rv);
    for (let f = 0; f < F; f++) {
      const col = Array.from({ length: B }, (_, b) => x[b * F + f]);
      const mean = col.reduce((a, v) => a + v, 0) / B;
      const ss = col.reduce((a, v) => a + (v - mean) ** 2, 0);
      const biased = ss / B,
        unbiased = ss / (B - 1);
      expect(rm[f]).toBeCloseTo((1 - momentum) * rm0[f] + momentum * mean, 12);
      expect(rv[f]).toBeCloseTo((1 - momentum) * rv0[f] + momentum * unbiased, 12);
      for (let b = 0; b < B; b++) expect(y[b * F + f]).toBeCloseTo((col[b] - mean) / Math.sqrt(biased + eps), 12);
    }
  });

  it("eval mode uses the running statistics and the affine parameters", () => {
    const x = randomArray(B * F, 14),
      gamma = randomArray(F, 15),
      beta = randomArray(F, 16),
      rm = randomArray(F, 17),
      rv = randomArray(F, 18, 0.1, 2);
    const y = new Float64Array(B * F);
    batchNormForwardEval(B, F, x, 0, y, 0, gamma, 0, beta, 0, rm, 0, rv, 0, eps);
    for (let b = 0; b < B; b++)
      for (let f = 0; f < F; f++) {
        expect(y[b * F + f]).toBeCloseTo(((x[b * F + f] - rm[f]) / Math.sqrt(rv[f] + eps)) * gamma[f] + beta[f], 12);
      }
  });

  it("rejects a batch of one row in train mode", () => {
    const one = new Float64Array(F);
    expect(() => batchNormForwardTrain(1, F, one, 0, one, 0, null, 0, null, 0, one, 0, one, 0, 0.1, eps, one, 0, one, 0, one, 0)).toThrow(
      /more than 1/,
    );
  });
});
