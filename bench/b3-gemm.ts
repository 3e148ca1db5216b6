import { Arena } from "../runtime/arena.ts";
import { matmulNN } from "../runtime/dispatch/gemm.ts";
import { setGemmThreads } from "../runtime/wasm/threads.ts";
import { fillRandom, time, type Timing } from "./measure.ts";

/** B3 shapes as (M, K, N): C[M,N] = A[M,K]·B[K,N]. */
export const B3_SHAPES: readonly [number, number, number][] = [
  [64, 784, 256],
  [1024, 1024, 1024],
];

export function gflops(M: number, K: number, N: number, ms: number): number {
  return (2 * M * K * N) / (ms * 1e6);
}

/** nnc's matmulNN on float32 arena buffers (the SIMD kernel when available) on `threads` threads. */
export async function b3Nnc(M: number, K: number, N: number, threads: number): Promise<Timing> {
  setGemmThreads(threads);
  const arena = new Arena(0);
  const A = fillRandom(arena.floats("f32", M * K) as Float32Array, 1);
  const B = fillRandom(arena.floats("f32", K * N) as Float32Array, 2);
  const C = arena.floats("f32", M * N);
  const repeats = Math.max(3, Math.min(200, Math.round(4e9 / (2 * M * K * N))));
  return time(() => matmulNN(M, N, K, A, 0, B, 0, C, 0, false), repeats);
}

/** The same product through the TypeScript reference kernel (plain arrays skip the SIMD path). */
export async function b3Reference(M: number, K: number, N: number): Promise<Timing> {
  const A = fillRandom(new Float32Array(M * K), 1);
  const B = fillRandom(new Float32Array(K * N), 2);
  const C = new Float32Array(M * N);
  return time(() => matmulNN(M, N, K, A, 0, B, 0, C, 0, false), M * K * N > 1e8 ? 1 : 5);
}
