import { describe, expect, it } from "vitest";
import { matmulNT, matmulNN, matmulTN, biasGrad } from "../../../runtime/kernels/gemm.ts";
import { GRAD_TOL, numericGrad, randomArray, relError, weightedSum } from "./gradcheck.ts";

/** Naive triple loop C[i,j] = Σ_k A(i,k)·B(k,j) with accessor functions for the transposes. */
function naive(M: number, N: number, K: number, a: (i: number, k: number) => number, b: (k: number, j: number) => number): Float64Array {
  const C = new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a(i, k) * b(k, j);
      C[i * N + j] = s;
    }
  return C;
}

const sizes: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [7, 9, 13],
  [5, 3, 1],
  [2, 11, 6],
  [13, 4, 17],
];

describe("matmul kernels agree with a naive triple loop", () => {
  it.each(sizes)("matmulNT computes A·Bᵀ + bias with offsets for M=%i N=%i K=%i", (M, N, K) => {
    const A = randomArray(M * K + 3, 1),
      B = randomArray(N * K + 2, 2),
      bias = randomArray(N + 1, 3);
    const C = new Float64Array(M * N + 4);
    matmulNT(M, N, K, A, 3, B, 2, C, 4, bias, 1, false, false);
    const ref = naive(
      M,
      N,
      K,
      (i, k) => A[3 + i * K + k],
      (k, j) => B[2 + j * K + k],
    );
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) expect(C[4 + i * N + j]).toBeCloseTo(ref[i * N + j] + bias[1 + j], 12);
    expect(Array.from(C.subarray(0, 4))).toEqual([0, 0, 0, 0]);
  });

  it.each(sizes)("matmulNT applies ReLU after accumulating for M=%i N=%i K=%i", (M, N, K) => {
    const A = randomArray(M * K, 4),
      B = randomArray(N * K, 5),
      C0 = randomArray(M * N, 6);
    const C = C0.slice();
    matmulNT(M, N, K, A, 0, B, 0, C, 0, null, 0, true, true);
    const ref = naive(
      M,
      N,
      K,
      (i, k) => A[i * K + k],
      (k, j) => B[j * K + k],
    );
    for (let t = 0; t < M * N; t++) expect(C[t]).toBeCloseTo(Math.max(0, ref[t] + C0[t]), 12);
  });

  it.each(sizes)("matmulNN computes A·B, assigning or accumulating, for M=%i N=%i K=%i", (M, N, K) => {
    const A = randomArray(M * K, 7),
      B = randomArray(K * N + 1, 8),
      C0 = randomArray(M * N, 9);
    const ref = naive(
      M,
      N,
      K,
      (i, k) => A[i * K + k],
      (k, j) => B[1 + k * N + j],
    );
    const C = C0.slice();
    matmulNN(M, N, K, A, 0, B, 1, C, 0, false);
    for (let t = 0; t < M * N; t++) expect(C[t]).toBeCloseTo(ref[t], 12);
    const D = C0.slice();
    matmulNN(M, N, K, A, 0, B, 1, D, 0, true);
    for (let t = 0; t < M * N; t++) expect(D[t]).toBeCloseTo(ref[t] + C0[t], 12);
  });

  it.each(sizes)("matmulTN computes Aᵀ·B, assigning or accumulating, for M=%i N=%i K=%i", (M, N, K) => {
    const A = randomArray(K * M + 2, 10),
      B = randomArray(K * N, 11),
      C0 = randomArray(M * N, 12);
    const ref = naive(
      M,
      N,
      K,
      (i, k) => A[2 + k * M + i],
      (k, j) => B[k * N + j],
    );
    const C = C0.slice();
    matmulTN(M, N, K, A, 2, B, 0, C, 0, false);
    for (let t = 0; t < M * N; t++) expect(C[t]).toBeCloseTo(ref[t], 12);
    const D = C0.slice();
    matmulTN(M, N, K, A, 2, B, 0, D, 0, true);
    for (let t = 0; t < M * N; t++) expect(D[t]).toBeCloseTo(ref[t] + C0[t], 12);
  });

  it("biasGrad sums columns and accumulates on request", () => {
    const M = 5,
      N = 3;
    const dY = randomArray(M * N, 13);
    const db = new Float64Array([1, 2, 3]);
    biasGrad(M, N, dY, 0, db, 0, true);
    for (let j = 0; j < N; j++) {
      let s = j + 1;
      for (let i = 0; i < M; i++) s += dY[i * N + j];
      expect(db[j]).toBeCloseTo(s, 12);
    }
  });

  it("works on float32 buffers", () => {
    const M = 3,
      N = 5,
      K = 6;
    const A = Float32Array.from(randomArray(M * K, 14)),
      B = Float32Array.from(randomArray(N * K, 15));
    const C = new Float32Array(M * N);
    matmulNT(M, N, K, A, 0, B, 0, C, 0, null, 0, false, false);
    const ref = naive(
      M,
      N,
      K,
      (i, k) => A[i * K + k],
      (k, j) => B[j * K + k],
    );
    for (let t = 0; t < M * N; t++) expect(C[t]).toBeCloseTo(ref[t], 6);
  });
});

describe("dense layer backward (matmulNN for dX, matmulTN for dW, biasGrad for db) matches finite differences", () => {
  it("gradients of Σ R⊙(X·Wᵀ + b) with respect to X, W and b", () => {
    const B = 5,
      I = 7,
      O = 3;
    const X = randomArray(B * I, 21),
      W = randomArray(O * I, 22),
      b = randomArray(O, 23),
      R = randomArray(B * O, 24);
    const Y = new Float64Array(B * O);
    const f = () => {
      matmulNT(B, O, I, X, 0, W, 0, Y, 0, b, 0, false, false);
      return weightedSum(Y, R);
    };
    const dX = new Float64Array(B * I),
      dW = new Float64Array(O * I),
      db = new Float64Array(O);
    matmulNN(B, I, O, R, 0, W, 0, dX, 0, false);
    matmulTN(O, I, B, R, 0, X, 0, dW, 0, false);
    biasGrad(B, O, R, 0, db, 0, false);
    expect(relError(dX, numericGrad(f, X))).toBeLessThan(GRAD_TOL);
    expect(relError(dW, numericGrad(f, W))).toBeLessThan(GRAD_TOL);
    expect(relError(db, numericGrad(f, b))).toBeLessThan(GRAD_TOL);
  });
});
