/**
 * Group normalization, and layer normalization as its one-group case: the statistics PyTorch's formula gives
 * (mean 0 and biased variance 1 per group), and float64 finite-difference checks of the input, γ and β gradients.
 */
import { describe, expect, it } from "vitest";
import { groupNormBackward, groupNormForward } from "../../../runtime/kernels/group-norm.ts";
import { GRAD_TOL, numericGrad, randomArray, relError, weightedSum } from "./gradcheck.ts";

const eps = 1e-5;

/** A forward over n rows of channels × spatial values in g groups, returning y and what backward needs. */
function forward(n: number, g: number, C: number, S: number, x: Float64Array, gamma: Float64Array | null, beta: Float64Array | null) {
  const y = new Float64Array(n * C * S);
  const xhat = new Float64Array(n * C * S);
  const invStd = new Float64Array(n * g);
  groupNormForward(n, g, C, S, x, y, gamma, beta, eps, xhat, invStd);
  return { y, xhat, invStd };
}

const shapes = [
  { what: "groupnorm, 2 groups of 2 channels × 3 positions", n: 3, g: 2, C: 4, S: 3 },
  { what: "groupnorm, one channel per group (instance norm)", n: 2, g: 3, C: 3, S: 4 },
  { what: "layernorm over 10 values (one group, γ per value)", n: 3, g: 1, C: 10, S: 1 },
];

describe("group normalization kernels", () => {
  it("normalises each sample's group to mean 0 and biased variance 1, independently of other samples", () => {
    const n = 2,
      g = 2,
      C = 4,
      S = 5;
    const x = randomArray(n * C * S, 3, -3, 5);
    const { y } = forward(n, g, C, S, x, null, null);
    const size = (C / g) * S;
    for (let r = 0; r < n; r++)
      for (let k = 0; k < g; k++) {
        const vals = Array.from(y.subarray(r * C * S + k * size, r * C * S + (k + 1) * size));
        const mean = vals.reduce((a, v) => a + v, 0) / size;
        const variance = vals.reduce((a, v) => a + (v - mean) ** 2, 0) / size;
        expect(Math.abs(mean)).toBeLessThan(1e-12);
        // σ² / (σ² + eps): 1 up to the eps in the denominator.
        expect(variance).toBeCloseTo(1, 4);
      }
    // The second sample alone gives the same output: nothing is shared across the batch.
    const alone = forward(1, g, C, S, x.slice(C * S), null, null).y;
    expect(Array.from(alone)).toEqual(Array.from(y.slice(C * S)));
  });

  it("scales by γ and shifts by β per channel", () => {
    const x = randomArray(2 * 4 * 3, 5);
    const gamma = Float64Array.from([1, 2, -1, 0.5]);
    const beta = Float64Array.from([0, 1, 2, -3]);
    const plain = forward(2, 2, 4, 3, x, null, null).y;
    const { y } = forward(2, 2, 4, 3, x, gamma, beta);
    for (let i = 0; i < y.length; i++) {
      const c = Math.floor(i / 3) % 4;
      expect(y[i]).toBeCloseTo(plain[i] * gamma[c] + beta[c], 12);
    }
  });

  for (const { what, n, g, C, S } of shapes) {
    it(`${what}: input, γ and β gradients match central differences`, () => {
      const x = randomArray(n * C * S, 7, -2, 2);
      const gamma = randomArray(C, 8, 0.5, 1.5);
      const beta = randomArray(C, 9);
      const r = randomArray(n * C * S, 10);
      const loss = () => weightedSum(forward(n, g, C, S, x, gamma, beta).y, r);
      const { xhat, invStd } = forward(n, g, C, S, x, gamma, beta);
      const dx = new Float64Array(n * C * S);
      const dGamma = new Float64Array(C);
      const dBeta = new Float64Array(C);
      groupNormBackward(n, g, C, S, Float64Array.from(r), xhat, invStd, gamma, dx, dGamma, dBeta);
      expect(relError(dx, numericGrad(loss, x))).toBeLessThan(GRAD_TOL);
      expect(relError(dGamma, numericGrad(loss, gamma))).toBeLessThan(GRAD_TOL);
      expect(relError(dBeta, numericGrad(loss, beta))).toBeLessThan(GRAD_TOL);
    });
  }

  it("writes the input gradient over dy in place, and accumulates into dγ and dβ", () => {
    const n = 2,
      g = 2,
      C = 4,
      S = 3;
    const x = randomArray(n * C * S, 11);
    const gamma = randomArray(C, 12, 0.5, 1.5);
    const r = randomArray(n * C * S, 13);
    const { xhat, invStd } = forward(n, g, C, S, x, gamma, null);
    const separate = new Float64Array(n * C * S);
    const dGamma = new Float64Array(C).fill(1);
    groupNormBackward(n, g, C, S, Float64Array.from(r), xhat, invStd, gamma, separate, dGamma, null);
    const inPlace = Float64Array.from(r);
    const dGamma2 = new Float64Array(C);
    groupNormBackward(n, g, C, S, inPlace, xhat, invStd, gamma, inPlace, dGamma2, null);
    expect(Array.from(inPlace)).toEqual(Array.from(separate));
    for (let c = 0; c < C; c++) expect(dGamma[c]).toBeCloseTo(dGamma2[c] + 1, 12);
  });
});
