/*
 * The dense products generated code calls: the SIMD GEMM of runtime/wasm/gemm.ts when it takes the call
 * (SIMD available, float32 operands, C in an Arena's memory), the reference loops of
 * runtime/kernels/gemm.ts otherwise (float64 models, plain arrays). Arguments as in the reference.
 */
import type { FloatArray } from "../types.ts";
import * as reference from "../kernels/gemm.ts";
import { simdMatmulNN, simdMatmulNT, simdMatmulTN } from "../wasm/gemm.ts";

/** C[M,N] (=|+=) A[M,K] · B[N,K]ᵀ (+ bias[N]) then optional ReLU. */
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
  if (simdMatmulNT(M, N, K, A, aOff, B, bOff, C, cOff, bias, biasOff, relu, accumulate)) return;
  reference.matmulNT(M, N, K, A, aOff, B, bOff, C, cOff, bias, biasOff, relu, accumulate);
}

/** C[M,N] (=|+=) A[M,K] · B[K,N]. */
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
  if (simdMatmulNN(M, N, K, A, aOff, B, bOff, C, cOff, accumulate)) return;
  reference.matmulNN(M, N, K, A, aOff, B, bOff, C, cOff, accumulate);
}

/** C[M,N] (=|+=) A[K,M]ᵀ · B[K,N]. */
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
  if (simdMatmulTN(M, N, K, A, aOff, B, bOff, C, cOff, accumulate)) return;
  reference.matmulTN(M, N, K, A, aOff, B, bOff, C, cOff, accumulate);
}
