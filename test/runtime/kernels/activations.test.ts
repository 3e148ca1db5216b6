import { describe, expect, it } from "vitest";
import * as K from "../../../runtime/kernels/activations.ts";
import { erf } from "../../../runtime/kernels/erf.ts";
import { GRAD_TOL, numericGrad, randomArray, relError, weightedSum } from "./gradcheck.ts";

const n = 23;
/** Inputs kept away from the kinks at 0 so central differences do not straddle them. */
function awayFromZero(seed: number): Float64Array {
  const x = randomArray(n, seed, -3, 3);
  for (let i = 0; i < n; i++) if (Math.abs(x[i]) < 0.05) x[i] += 0.2;
  return x;
}

type Fwd = (x: Float64Array, y: Float64Array) => void;
type Bwd = (x: Float64Array, y: Float64Array, dy: Float64Array, dx: Float64Array) => void;

function check(fwd: Fwd, bwd: Bwd, seed: number): number {
  const x = awayFromZero(seed);
  const r = randomArray(n, seed + 100);
  const y = new Float64Array(n);
  const f = () => {
    fwd(x, y);
    return weightedSum(y, r);
  };
  f();
  const dx = new Float64Array(n);
  bwd(x, y, r, dx);
  return relError(dx, numericGrad(f, x));
}

describe("activation backward kernels match float64 finite differences", () => {
  const cases: [string, Fwd, Bwd][] = [
    ["relu", (x, y) => K.reluForward(x, 0, y, 0, n), (_x, y, dy, dx) => K.reluBackward(y, 0, dy, 0, dx, 0, n)],
    ["leaky_relu", (x, y) => K.leakyReluForward(x, 0, y, 0, n, 0.2), (x, _y, dy, dx) => K.leakyReluBackward(x, 0, dy, 0, dx, 0, n, 0.2)],
    ["elu", (x, y) => K.eluForward(x, 0, y, 0, n, 1.3), (x, y, dy, dx) => K.eluBackward(x, 0, y, 0, dy, 0, dx, 0, n, 1.3)],
    ["gelu", (x, y) => K.geluForward(x, 0, y, 0, n), (x, _y, dy, dx) => K.geluBackward(x, 0, dy, 0, dx, 0, n)],
    ["sigmoid", (x, y) => K.sigmoidForward(x, 0, y, 0, n), (_x, y, dy, dx) => K.sigmoidBackward(y, 0, dy, 0, dx, 0, n)],
    ["tanh", (x, y) => K.tanhForward(x, 0, y, 0, n), (_x, y, dy, dx) => K.tanhBackward(y, 0, dy, 0, dx, 0, n)],
  ];
  it.each(cases)("%s", (_name, fwd, bwd) => {
    expect(check(fwd, bwd, 31)).toBeLessThan(GRAD_TOL);
  });

  it("softmax over rows", () => {
    const rows = 4,
      cols = 6;
    const x = randomArray(rows * cols, 41, -2, 2),
      r = randomArray(rows * cols, 42);
    const y = new Float64Array(rows * cols);
    const f = () => {
      K.softmaxForward(x, 0, y, 0, rows, cols);
      return weightedSum(y, r);
    };
    f();
    const dx = new Float64Array(rows * cols);
    K.softmaxBackward(y, 0, r, 0, dx, 0, rows, cols);
    expect(relError(dx, numericGrad(f, x))).toBeLessThan(GRAD_TOL);
  });

  it("maxout over groups of k consecutive features", () => {
    const rows = 3,
      inCols = 12,
      k = 3,
      outCols = 4;
    const x = randomArray(rows * inCols, 51, -2, 2),
      r = randomArray(rows * outCols, 52);
    const y = new Float64Array(rows * outCols);
    const arg = new Int32Array(rows * outCols);
    const f = () => {
      K.maxoutForward(x, 0, y, 0, arg, rows, inCols, k);
      return weightedSum(y, r);
    };
    f();
    const dx = new Float64Array(rows * inCols);
    K.maxoutBackward(arg, r, 0, dx, 0, rows, inCols, k);
    expect(relError(dx, numericGrad(f, x))).toBeLessThan(GRAD_TOL);
  });
});

describe("activation forward values", () => {
  it("relu has derivative 0 at exactly 0", () => {
    const y = new Float64Array([0, 2]),
      dy = new Float64Array([5, 5]),
      dx = new Float64Array(2);
    K.reluBackward(y, 0, dy, 0, dx, 0, 2);
    expect(Array.from(dx)).toEqual([0, 5]);
  });

  it("gelu is the exact erf form, not the tanh approximation", () => {
    const x = new Float64Array([-1, 0.5, 2]),
      y = new Float64Array(3);
    K.geluForward(x, 0, y, 0, 3);
    // x·Φ(x) with Φ from tabulated values: Φ(−1) = 0.15865525393145707, Φ(0.5) = 0.6914624612740131, Φ(2) = 0.9772498680518208
    expect(y[0]).toBeCloseTo(-0.15865525393145707, 14);
    expect(y[1]).toBeCloseTo(0.5 * 0.6914624612740131, 14);
    expect(y[2]).toBeCloseTo(2 * 0.9772498680518208, 14);
  });

  it("erf matches tabulated values across its ranges", () => {
    expect(erf(0)).toBe(0);
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 15);
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 15);
    expect(erf(-2)).toBeCloseTo(-0.9953222650189527, 15);
    expect(erf(3)).toBeCloseTo(0.9999779095030014, 15);
    expect(erf(10)).toBe(1);
  });

  it("sigmoid does not overflow for large negative inputs", () => {
    const x = new Float64Array([-1000, 1000]),
      y = new Float64Array(2);
    K.sigmoidForward(x, 0, y, 0, 2);
    expect(y[0]).toBe(0);
    expect(y[1]).toBe(1);
  });

  it("softmax rows sum to 1 even for huge logits", () => {
    const x = new Float64Array([1000, 1001, 999]),
      y = new Float64Array(3);
    K.softmaxForward(x, 0, y, 0, 1, 3);
    expect(y[0] + y[1] + y[2]).toBeCloseTo(1, 15);
    expect(y[1]).toBeGreaterThan(y[0]);
  });

  it("backward kernels allow dx to alias dy", () => {
    const x = awayFromZero(61),
      y = new Float64Array(n),
      dy = randomArray(n, 62),
      expected = new Float64Array(n);
    K.tanhForward(x, 0, y, 0, n);
    K.tanhBackward(y, 0, dy, 0, expected, 0, n);
    K.tanhBackward(y, 0, dy, 0, dy, 0, n);
    expect(Array.from(dy)).toEqual(Array.from(expected));
  });
});
