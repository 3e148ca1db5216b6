import { arenaOf, type Arena } from "../arena.ts";
import type { FloatArray } from "../types.ts";
import { ACCUMULATE, BIAS, KC, MR, NR, PACKED_B, RELU } from "./gemm-layout.ts";
import type { ProgramModule } from "./conv-threads.ts";
import { gemmModuleBytes } from "./gemm-module.ts";
import { moduleOf } from "./instances.ts";
import { simdEnabled } from "./simd.ts";
import { KernelProgram, attachHelper, gemmThreads, joinHelper, registerInstance, startOnHelper } from "./threads.ts";

/*
 * Dispatch from the dense kernels to the SIMD GEMM. A call is taken by WebAssembly when SIMD is
 * available, every operand is a Float32Array, and C lives in an Arena's memory; operands outside
 * that memory (a data loader's batch, say) are first copied into staging space inside it. Anything
 * else returns false and the caller runs the TypeScript reference kernel, so f64 models and plain
 * arrays behave exactly as before. Accumulation is float32 in SIMD lanes (the reference sums in
 * float64); test/runtime/wasm checks the difference stays within float32 rounding of the sum.
 */

type GemmExport = (...args: number[]) => void;

const GEMM_EXPORTS = ["gemm", "gemm_batch"] as const;
const GEMM = 0,
  GEMM_BATCH = 1;

/** Packing buffers and the edge tile of one thread. */
interface Scratch {
  packA: Float32Array;
  packB: Float32Array;
  readonly tile: Float32Array;
}

/** One instance per Arena (a module instance is bound to one memory) with its scratch space. */
interface Context {
  readonly id: number;
  readonly arena: Arena;
  readonly gemm: GemmExport;
  /** Per thread, the calling thread first. */
  readonly scratch: Scratch[];
  /** Staging for A, B and bias when they live outside the arena. */
  readonly staging: Float32Array[];
}

/** Below this many flops a product runs on the calling thread alone (a helper wake-up costs ~10–50 µs). */
const PARALLEL_FLOPS = 4_000_000;

let compiled: WebAssembly.Module | null = null;
const contexts = new WeakMap<Arena, Context>();

function contextOf(arena: Arena): Context {
  let ctx = contexts.get(arena);
  if (ctx === undefined) {
    compiled ??= moduleOf(gemmModuleBytes);
    const instance = new WebAssembly.Instance(compiled, { env: { memory: arena.memory } });
    const empty = new Float32Array(0);
    ctx = {
      id: registerInstance(arena, instance.exports, GEMM_EXPORTS),
      arena,
      gemm: instance.exports.gemm as GemmExport,
      scratch: [],
      staging: [empty, empty, empty],
    };
    contexts.set(arena, ctx);
  }
  return ctx;
}

/** Thread t's scratch, grown to hold an M-row A block and an N-column B block. */
function scratchFor(ctx: Context, t: number, M: number, N: number, kc: number): Scratch {
  if (ctx.scratch[t] === undefined) {
    const empty = new Float32Array(0);
    ctx.scratch[t] = { packA: empty, packB: empty, tile: ctx.arena.floats("f32", MR * NR) as Float32Array };
  }
  // Every time, not only with new scratch: helpers end after a training run (stopHelpers) and new ones start empty.
  if (t > 0) attachHelper(t, ctx.id, compiled as WebAssembly.Module, ctx.arena.memory, GEMM_EXPORTS);
  const s = ctx.scratch[t];
  s.packA = atLeast(ctx, s.packA, Math.ceil(M / MR) * MR * kc);
  s.packB = atLeast(ctx, s.packB, Math.ceil(N / NR) * NR * kc);
  return s;
}

/** A scratch array of at least n floats from the arena; grows by doubling (arena space is never freed). */
function atLeast(ctx: Context, have: Float32Array, n: number): Float32Array {
  if (have.length >= n) return have;
  return ctx.arena.floats("f32", Math.max(n, 2 * have.length)) as Float32Array;
}

/** Byte address of x[off] in the context's memory, staging `extent` floats first when x lives elsewhere. */
function addressOf(ctx: Context, x: Float32Array, off: number, extent: number, slot: number): number {
  if (arenaOf(x) === ctx.arena) return x.byteOffset + 4 * off;
  const s = (ctx.staging[slot] = atLeast(ctx, ctx.staging[slot], extent));
  s.set(x.subarray(off, off + extent));
  return s.byteOffset;
}

/**
 * C[M,N] (=|+=) A·B (+ bias) (ReLU) with A(i,k) = A[aOff + i·sai + k·sak] and
 * B(k,j) = B[bOff + k·sbk + j·sbj]; returns false (doing nothing) when the SIMD path does not apply.
 */
function simdGemm(
  M: number,
  N: number,
  K: number,
  A: FloatArray,
  aOff: number,
  sai: number,
  sak: number,
  B: FloatArray,
  bOff: number,
  sbk: number,
  sbj: number,
  C: FloatArray,
  cOff: number,
  bias: FloatArray | null,
  biasOff: number,
  relu: boolean,
  accumulate: boolean,
): boolean {
  if (!simdEnabled || M <= 0 || N <= 0 || K <= 0) return false;
  if (!(C instanceof Float32Array) || !(A instanceof Float32Array) || !(B instanceof Float32Array)) return false;
  if (bias !== null && !(bias instanceof Float32Array)) return false;
  const arena = arenaOf(C);
  if (arena === null) return false;
  const ctx = contextOf(arena);
  const kc = Math.min(K, KC);
  // Columns are split between threads in whole NR panels; every C element is still one thread's
  // sum in the same order, so results do not depend on the thread count.
  const panels = Math.ceil(N / NR);
  const threads = 2 * M * N * K >= PARALLEL_FLOPS ? Math.min(gemmThreads(), panels) : 1;
  const chunk = Math.ceil(panels / threads) * NR;
  const scratch: Scratch[] = [];
  for (let t = 0; t < threads; t++) scratch.push(scratchFor(ctx, t, M, Math.min(chunk, N), kc));
  const a = addressOf(ctx, A, aOff, (M - 1) * sai + (K - 1) * sak + 1, 0);
  const b = addressOf(ctx, B, bOff, (K - 1) * sbk + (N - 1) * sbj + 1, 1);
  const biasAddr = bias === null ? 0 : addressOf(ctx, bias, biasOff, N, 2);
  const c = C.byteOffset + 4 * cOff;
  const flags = (accumulate ? ACCUMULATE : 0) | (relu ? RELU : 0) | (bias !== null ? BIAS : 0);
  const argsFor = (t: number): number[] => {
    const j0 = t * chunk;
    const s = scratch[t];
    return [
      M,
      Math.min(chunk, N - j0),
      K,
      a,
      sai,
      sak,
      b + 4 * j0 * sbj,
      sbk,
      sbj,
      c + 4 * j0,
      N,
      biasAddr + 4 * j0,
      flags,
      s.packA.byteOffset,
      s.packB.byteOffset,
      s.tile.byteOffset,
    ];
  };
  for (let t = 1; t < threads; t++) {
    const job = new KernelProgram();
    job.call(ctx.id, 0, argsFor(t));
    startOnHelper(t, job);
  }
  ctx.gemm(...argsFor(0));
  for (let t = 1; t < threads; t++) joinHelper(t);
  return true;
}

/**
 * A whole product for a KernelProgram on thread t (0 = the caller; a helper is attached on first use):
 * the gemm module's instance id over `arena`, export 0 (gemm), and its arguments with thread t's packing
 * scratch, grown to fit. C[M,N] (=|+=) A·B with A(i,k) at byte a + 4·(i·sai + k·sak), B(k,j) at
 * b + 4·(k·sbk + j·sbj), C row stride ldc; every operand must already be in the arena. `packedB`: b holds B's
 * panels already, [⌈N/NR⌉][K][NR] floats with K ≤ KC (gemm-module.ts), and sbk, sbj are unused.
 */
export function gemmCall(
  arena: Arena,
  t: number,
  M: number,
  N: number,
  K: number,
  a: number,
  sai: number,
  sak: number,
  b: number,
  sbk: number,
  sbj: number,
  c: number,
  ldc: number,
  accumulate: boolean,
  packedB = false,
): GemmCall {
  if (packedB && K > KC) throw new Error(`internal: a packed B of K = ${K} rows exceeds one K block (${KC})`);
  const ctx = contextOf(arena);
  const s = scratchFor(ctx, t, M, packedB ? 0 : N, Math.min(K, KC));
  return {
    id: ctx.id,
    fn: GEMM,
    args: [
      M,
      N,
      K,
      a,
      sai,
      sak,
      b,
      sbk,
      sbj,
      c,
      ldc,
      0,
      (accumulate ? ACCUMULATE : 0) | (packedB ? PACKED_B : 0),
      s.packA.byteOffset,
      s.packB.byteOffset,
      s.tile.byteOffset,
    ],
  };
}

/** A KernelProgram call of the GEMM module: instance id, export index and arguments. */
export interface GemmCall {
  readonly id: number;
  readonly fn: number;
  readonly args: readonly number[];
}

/**
 * `count` products in one call: `first` (a gemmCall) and then count − 1 more whose A, B and C start da, db and dc
 * bytes after the previous one's, everything else the same (Winograd's products, one per position ξ).
 */
export function gemmBatchCall(first: GemmCall, count: number, da: number, db: number, dc: number): GemmCall {
  return { id: first.id, fn: GEMM_BATCH, args: [count, da, db, dc, ...first.args] };
}

/** The GEMM instance over `arena` as a module the helpers of a KernelProgram with gemmCall's calls must hold. */
export function gemmModule(arena: Arena): ProgramModule {
  return { id: contextOf(arena).id, bytes: gemmModuleBytes, names: GEMM_EXPORTS };
}

/** matmulNT's SIMD path: C = A[M,K]·B[N,K]ᵀ (+ bias, ReLU). */
export function simdMatmulNT(
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
): boolean {
  return simdGemm(M, N, K, A, aOff, K, 1, B, bOff, 1, K, C, cOff, bias, biasOff, relu, accumulate);
}

/** matmulNN's SIMD path: C = A[M,K]·B[K,N]. */
export function simdMatmulNN(
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
): boolean {
  return simdGemm(M, N, K, A, aOff, K, 1, B, bOff, N, 1, C, cOff, null, 0, false, accumulate);
}

/** matmulTN's SIMD path: C = A[K,M]ᵀ·B[K,N]. */
export function simdMatmulTN(
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
): boolean {
  return simdGemm(M, N, K, A, aOff, 1, M, B, bOff, N, 1, C, cOff, null, 0, false, accumulate);
}
