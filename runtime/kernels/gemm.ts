import type { FloatArray } from "../types.ts";
import { scratch64 } from "./scratch.ts";

/*
 * Dense products over row-major flat buffers. Element (r, c) of an R×C matrix stored at `off`
 * is `X[off + r*C + c]`. A dense weight is [out, in] as in PyTorch, so the forward pass is
 * y = x·Wᵀ + b (matmulNT), the input gradient dX = dY·W (matmulNN) and the weight gradient
 * dW = dYᵀ·X (matmulTN). Sums run in float64 (JS numbers / a float64 scratch row) and are
 * rounded once when stored.
 *
 * These loops are the reference. runtime/dispatch/gemm.ts, which generated code calls, hands float32
 * views of an Arena's memory to the WebAssembly kernels in runtime/wasm/gemm.ts when SIMD is available
 * (float32 accumulation); anything else (f64 models, plain arrays) runs the loops below.
 */

/** C[M,N] (=|+=) A[M,K] · B[N,K]ᵀ (+ bias[N]) then optional ReLU: dot products of contiguous rows. */
export function matmulNT(
  M: number,
  N: number,
  K: number,
  A: FloatArray,
  aOff: number,
  B: FloatArray,
  bOff: number,
  C: FloatArray,
  cOff: number,
  bias: FloatArray | null,
  biasOff: number,
  relu: boolean,
  accumulate: boolean,
): void {
  const K4 = K - (K % 4);
  for (let i = 0; i < M; i++) {
    const a = aOff + i * K;
    const c = cOff + i * N;
    let j = 0;
    // Four output columns at once: each A[i,k] load feeds four rows of B.
    for (; j + 3 < N; j += 4) {
      const b0 = bOff + j * K,
        b1 = b0 + K,
        b2 = b1 + K,
        b3 = b2 + K;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      for (let k = 0; k < K; k++) {
        const av = A[a + k];
        s0 += av * B[b0 + k];
        s1 += av * B[b1 + k];
        s2 += av * B[b2 + k];
        s3 += av * B[b3 + k];
      }
      if (bias !== null) {
        s0 += bias[biasOff + j];
        s1 += bias[biasOff + j + 1];
        s2 += bias[biasOff + j + 2];
        s3 += bias[biasOff + j + 3];
      }
      if (accumulate) {
        s0 += C[c + j];
        s1 += C[c + j + 1];
        s2 += C[c + j + 2];
        s3 += C[c + j + 3];
      }
      if (relu) {
        if (!(s0 > 0)) s0 = 0;
        if (!(s1 > 0)) s1 = 0;
        if (!(s2 > 0)) s2 = 0;
        if (!(s3 > 0)) s3 = 0;
      }
      C[c + j] = s0;
      C[c + j + 1] = s1;
      C[c + j + 2] = s2;
      C[c + j + 3] = s3;
    }
    for (; j < N; j++) {
      const b = bOff + j * K;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      let k = 0;
      for (; k < K4; k += 4) {
        s0 += A[a + k] * B[b + k];
        s1 += A[a + k + 1] * B[b + k + 1];
        s2 += A[a + k + 2] * B[b + k + 2];
        s3 += A[a + k + 3] * B[b + k + 3];
      }
      for (; k < K; k++) s0 += A[a + k] * B[b + k];
      let s = s0 + s1 + s2 + s3;
      if (bias !== null) s += bias[biasOff + j];
      if (accumulate) s += C[c + j];
      if (relu && !(s > 0)) s = 0;
      C[c + j] = s;
    }
  }
}

/** C[M,N] (=|+=) A[M,K] · B[K,N], i-k-j order into a float64 row, k unrolled by 4. */
export function matmulNN(
  M: number,
  N: number,
  K: number,
  A: FloatArray,
  aOff: number,
  B: FloatArray,
  bOff: number,
  C: FloatArray,
  cOff: number,
  accumulate: boolean,
): void {
  const row = scratch64(N);
  const K4 = K - (K % 4);
  for (let i = 0; i < M; i++) {
    const a = aOff + i * K;
    const c = cOff + i * N;
    if (accumulate) for (let j = 0; j < N; j++) row[j] = C[c + j];
    else for (let j = 0; j < N; j++) row[j] = 0;
    let k = 0;
    for (; k < K4; k += 4) {
      const a0 = A[a + k],
        a1 = A[a + k + 1],
        a2 = A[a + k + 2],
        a3 = A[a + k + 3];
      const b0 = bOff + k * N,
        b1 = b0 + N,
        b2 = b1 + N,
        b3 = b2 + N;
      for (let j = 0; j < N; j++) row[j] += a0 * B[b0 + j] + a1 * B[b1 + j] + a2 * B[b2 + j] + a3 * B[b3 + j];
    }
    for (; k < K; k++) {
      const av = A[a + k];
      const b = bOff + k * N;
      for (let j = 0; j < N; j++) row[j] += av * B[b + j];
    }
    for (let j = 0; j < N; j++) C[c + j] = row[j];
  }
}

/** C[M,N] (=|+=) A[K,M]ᵀ · B[K,N]: k-outer accumulation of outer products into a float64 M×N block. */
export function matmulTN(
  M: number,
  N: number,
  K: number,
  A: FloatArray,
  aOff: number,
  B: FloatArray,
  bOff: number,
  C: FloatArray,
  cOff: number,
  accumulate: boolean,
): void {
  const MN = M * N;
  const acc = scratch64(MN);
  if (accumulate) for (let t = 0; t < MN; t++) acc[t] = C[cOff + t];
  else for (let t = 0; t < MN; t++) acc[t] = 0;
  const K4 = K - (K % 4);
  let k = 0;
  for (; k < K4; k += 4) {
    const ar0 = aOff + k * M,
      ar1 = ar0 + M,
      ar2 = ar1 + M,
      ar3 = ar2 + M;
    const b0 = bOff + k * N,
      b1 = b0 + N,
      b2 = b1 + N,
      b3 = b2 + N;
    for (let i = 0; i < M; i++) {
      const a0 = A[ar0 + i],
        a1 = A[ar1 + i],
        a2 = A[ar2 + i],
        a3 = A[ar3 + i];
      const r = i * N;
      for (let j = 0; j < N; j++) acc[r + j] += a0 * B[b0 + j] + a1 * B[b1 + j] + a2 * B[b2 + j] + a3 * B[b3 + j];
    }
  }
  for (; k < K; k++) {
    const ar = aOff + k * M;
    const b = bOff + k * N;
    for (let i = 0; i < M; i++) {
      const av = A[ar + i];
      const r = i * N;
      for (let j = 0; j < N; j++) acc[r + j] += av * B[b + j];
    }
  }
  for (let t = 0; t < MN; t++) C[cOff + t] = acc[t];
}

/** db[N] (=|+=) column sums of dY[M,N]. */
export function biasGrad(M: number, N: number, dY: FloatArray, dyOff: number, db: FloatArray, dbOff: number, accumulate: boolean): void {
  const acc = scratch64(N);
  for (let j = 0; j < N; j++) acc[j] = accumulate ? db[dbOff + j] : 0;
  for (let i = 0; i < M; i++) {
    const r = dyOff + i * N;
    for (let j = 0; j < N; j++) acc[j] += dY[r + j];
  }
  for (let j = 0; j < N; j++) db[dbOff + j] = acc[j];
}
