import { describe, expect, it } from "vitest";
import { symmetricEigen } from "../../../runtime/data/index.ts";
import { Rng } from "../../../runtime/rng.ts";

function randomSymmetric(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = rng.normal();
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  return a;
}

/** Checks A·v_j = λ_j·v_j, VᵀV = I and descending order, each to `tol` relative to the matrix scale. */
function checkDecomposition(a: Float64Array, n: number, tol: number): void {
  const { values, vectors } = symmetricEigen(a, n);
  const scale = Math.max(1, ...Array.from(a, Math.abs));
  for (let j = 0; j < n; j++) {
    if (j > 0) expect(values[j]).toBeLessThanOrEqual(values[j - 1]);
    for (let i = 0; i < n; i++) {
      let av = 0;
      for (let k = 0; k < n; k++) av += a[i * n + k] * vectors[k * n + j];
      expect(Math.abs(av - values[j] * vectors[i * n + j])).toBeLessThan(tol * scale);
    }
    for (let l = 0; l < n; l++) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += vectors[k * n + j] * vectors[k * n + l];
      expect(Math.abs(dot - (j === l ? 1 : 0))).toBeLessThan(tol);
    }
  }
}

describe("symmetricEigen", () => {
  it("decomposes random symmetric matrices", () => {
    checkDecomposition(randomSymmetric(1, 1), 1, 1e-12);
    checkDecomposition(randomSymmetric(2, 2), 2, 1e-12);
    checkDecomposition(randomSymmetric(7, 3), 7, 1e-11);
    checkDecomposition(randomSymmetric(60, 4), 60, 1e-10);
  });

  it("handles diagonal, repeated and zero spectra", () => {
    checkDecomposition(Float64Array.from([3, 0, 0, 0, -1, 0, 0, 0, 5]), 3, 1e-12);
    expect(Array.from(symmetricEigen(Float64Array.from([3, 0, 0, 0, -1, 0, 0, 0, 5]), 3).values)).toEqual([5, 3, -1]);
    const identity = new Float64Array(16);
    for (let i = 0; i < 4; i++) identity[i * 4 + i] = 2;
    checkDecomposition(identity, 4, 1e-12);
    checkDecomposition(new Float64Array(9), 3, 1e-12);
  });

  it("finds the known eigenvalues of [[2, 1], [1, 2]]", () => {
    const { values } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(values[0]).toBeCloseTo(3, 12);
    expect(values[1]).toBeCloseTo(1, 12);
  });
});
