import { describe, expect, it } from "vitest";
import * as I from "../../../runtime/init/index.ts";
import { Rng } from "../../../runtime/rng.ts";

function stats(a: Float64Array) {
  let s = 0,
    ss = 0,
    min = Infinity,
    max = -Infinity;
  for (const v of a) {
    s += v;
    ss += v * v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = s / a.length;
  return { mean, std: Math.sqrt(ss / a.length - mean * mean), min, max };
}

const fanIn = 300,
  fanOut = 200,
  N = fanIn * fanOut;

describe("initializers follow torch.nn.init", () => {
  it("calculate_gain", () => {
    expect(I.calculateGain("linear")).toBe(1);
    expect(I.calculateGain("sigmoid")).toBe(1);
    expect(I.calculateGain("tanh")).toBe(5 / 3);
    expect(I.calculateGain("relu")).toBe(Math.SQRT2);
    expect(I.calculateGain("leaky_relu", 0.2)).toBeCloseTo(Math.sqrt(2 / 1.04), 15);
    expect(I.calculateGain("leaky_relu")).toBeCloseTo(Math.sqrt(2 / 1.0001), 15);
    expect(I.calculateGain("selu")).toBe(0.75);
    expect(() => I.calculateGain("swish")).toThrow(/swish/);
  });

  it("xavier uniform stays within gain·√(6/(fan_in+fan_out)) with the uniform std", () => {
    const a = new Float64Array(N);
    I.initXavierUniform(a, fanIn, fanOut, 2, new Rng(1));
    const bound = 2 * Math.sqrt(6 / (fanIn + fanOut));
    const s = stats(a);
    expect(s.max).toBeLessThanOrEqual(bound);
    expect(s.min).toBeGreaterThanOrEqual(-bound);
    expect(s.max).toBeGreaterThan(0.99 * bound);
    expect(Math.abs(s.std / (bound / Math.sqrt(3)) - 1)).toBeLessThan(0.01);
    expect(Math.abs(s.mean)).toBeLessThan(0.01 * bound);
  });

  it("xavier normal has std gain·√(2/(fan_in+fan_out))", () => {
    const a = new Float64Array(N);
    I.initXavierNormal(a, fanIn, fanOut, 1, new Rng(2));
    expect(Math.abs(stats(a).std / Math.sqrt(2 / (fanIn + fanOut)) - 1)).toBeLessThan(0.01);
  });

  it("he normal uses fan_in or fan_out as asked", () => {
    const a = new Float64Array(N);
    I.initHeNormal(a, fanIn, fanOut, "fan_in", Math.SQRT2, new Rng(3));
    expect(Math.abs(stats(a).std / Math.sqrt(2 / fanIn) - 1)).toBeLessThan(0.01);
    I.initHeNormal(a, fanIn, fanOut, "fan_out", Math.SQRT2, new Rng(3));
    expect(Math.abs(stats(a).std / Math.sqrt(2 / fanOut) - 1)).toBeLessThan(0.01);
  });

  it("he uniform bound is gain·√(3/fan)", () => {
    const a = new Float64Array(N);
    I.initHeUniform(a, fanIn, fanOut, "fan_in", Math.SQRT2, new Rng(4));
    const bound = Math.SQRT2 * Math.sqrt(3 / fanIn),
      s = stats(a);
    expect(s.max).toBeLessThanOrEqual(bound);
    expect(s.min).toBeGreaterThanOrEqual(-bound);
    expect(s.max).toBeGreaterThan(0.99 * bound);
  });

  it("pytorch default weight and bias are U(±1/√fan_in)", () => {
    const a = new Float64Array(N),
      b = new Float64Array(5000);
    I.initPytorchDefaultWeight(a, fanIn, fanOut, new Rng(5));
    I.initPytorchDefaultBias(b, fanIn, new Rng(6));
    const bound = 1 / Math.sqrt(fanIn);
    for (const s of [stats(a), stats(b)]) {
      expect(s.max).toBeLessThanOrEqual(bound);
      expect(s.min).toBeGreaterThanOrEqual(-bound);
      expect(s.max).toBeGreaterThan(0.98 * bound);
    }
  });

  it("normal, uniform, constant and zeros fill exactly the view they are given", () => {
    const a = new Float64Array(40002).fill(7);
    I.initNormal(a.subarray(1, 40001), 3, 0.5, new Rng(7));
    const s = stats(a.subarray(1, 40001));
    expect(Math.abs(s.mean - 3)).toBeLessThan(0.01);
    expect(Math.abs(s.std - 0.5)).toBeLessThan(0.01);
    expect([a[0], a[40001]]).toEqual([7, 7]);
    I.initUniform(a, 2, 3, new Rng(8));
    expect(stats(a).min).toBeGreaterThanOrEqual(2);
    I.initConstant(a.subarray(2, 5), 1.5);
    I.initZeros(a.subarray(0, 2));
    expect(Array.from(a.subarray(0, 6))).toEqual([0, 0, 1.5, 1.5, 1.5, a[5]]);
  });

  it("a fan-scaled or orthogonal initializer refuses a tensor that is not the fanOut × fanIn matrix", () => {
    const bias = new Float64Array(fanOut);
    expect(() => I.initHeNormal(bias, fanIn, fanOut, "fan_in", 1, new Rng(1))).toThrow(
      /200 × 300 weight has 60000 elements, got a tensor of 200/,
    );
    expect(() => I.initXavierUniform(bias, fanIn, fanOut, 1, new Rng(1))).toThrow(RangeError);
    expect(() => I.initPytorchDefaultWeight(bias, fanIn, fanOut, new Rng(1))).toThrow(RangeError);
    expect(() => I.initOrthogonal(bias, 4, 5, 1, new Rng(1))).toThrow(/4 × 5 weight has 20 elements/);
  });

  it.each([
    [8, 5],
    [5, 8],
    [6, 6],
  ])("orthogonal %ix%i has orthonormal rows or columns scaled by gain", (rows, cols) => {
    const gain = 1.7;
    const a = new Float64Array(rows * cols);
    I.initOrthogonal(a, rows, cols, gain, new Rng(9));
    // columns orthonormal when rows ≥ cols (WᵀW = gain²·I), rows orthonormal otherwise (WWᵀ = gain²·I)
    const k = Math.min(rows, cols);
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++) {
        let d = 0;
        if (rows >= cols) for (let r = 0; r < rows; r++) d += a[r * cols + i] * a[r * cols + j];
        else for (let c = 0; c < cols; c++) d += a[i * cols + c] * a[j * cols + c];
        expect(d).toBeCloseTo(i === j ? gain * gain : 0, 12);
      }
  });

  it.each([
    [300, 200],
    [200, 300],
  ])("orthogonal %ix%i in float32 (the SIMD GEMM path) is orthonormal to float32 rounding", (rows, cols) => {
    const a = new Float32Array(rows * cols);
    I.initOrthogonal(a, rows, cols, 1, new Rng(4));
    expect(worstOrthogonalityError(a, rows, cols, 40)).toBeLessThan(1e-5);
  });

  it("orthogonal applies R's diagonal signs: the diagonal has no sign bias, as a Haar matrix", () => {
    // Householder's Q alone has a diagonal biased to one sign; with Q·diag(sign(diag R)) each Q[i,i] ~ N(0, 1/n).
    const n = 400;
    const a = new Float64Array(n * n);
    I.initOrthogonal(a, n, n, 1, new Rng(5));
    let mean = 0;
    for (let i = 0; i < n; i++) mean += a[i * n + i] / n;
    expect(Math.abs(mean)).toBeLessThan(5 / n);
  });

  it("orthogonal for a dense(5000) after a dense(5000) (5000×5000; took over a minute) is orthonormal", () => {
    const n = 5000;
    const a = new Float32Array(n * n);
    I.initOrthogonal(a, n, n, 1, new Rng(6));
    expect(worstOrthogonalityError(a, n, n, 12)).toBeLessThan(1e-5);
  }, 300_000);

  it("is deterministic for a seed", () => {
    const a = new Float64Array(100),
      b = new Float64Array(100);
    I.initOrthogonal(a, 10, 10, 1, new Rng(3));
    I.initOrthogonal(b, 10, 10, 1, new Rng(3));
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});

/** max |(WᵀW − I)[i, j]| over the first `k` columns (rows when the matrix is wide). */
function worstOrthogonalityError(a: ArrayLike<number>, rows: number, cols: number, k: number): number {
  let worst = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let d = 0;
      if (rows >= cols) for (let r = 0; r < rows; r++) d += a[r * cols + i] * a[r * cols + j];
      else for (let c = 0; c < cols; c++) d += a[i * cols + c] * a[j * cols + c];
      worst = Math.max(worst, Math.abs(d - (i === j ? 1 : 0)));
    }
  }
  return worst;
}
