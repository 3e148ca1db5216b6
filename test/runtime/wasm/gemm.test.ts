import { describe, expect, it } from "vitest";
import { Arena } from "../../../runtime/arena.ts";
import { matmulNN, matmulNT, matmulTN } from "../../../runtime/dispatch/gemm.ts";
import { fmaEnabled, simdEnabled } from "../../../runtime/wasm/simd.ts";
import { simdMatmulNT } from "../../../runtime/wasm/gemm.ts";
import { KC, MR, NR } from "../../../runtime/wasm/gemm-layout.ts";
import { gemmModuleBytes } from "../../../runtime/wasm/gemm-module.ts";
import { kernelsFor } from "../../../runtime/wasm/instances.ts";
import { gemmThreads, setGemmThreads, stopHelpers } from "../../../runtime/wasm/threads.ts";
import { randomArray } from "../kernels/gradcheck.ts";

/*
 * The same call runs the WebAssembly kernel when its buffers are float32 views of an Arena and the
 * TypeScript reference when they are plain Float32Arrays, so each case runs both and compares.
 * The SIMD kernel sums in float32, so the bound is float32 rounding of a K-term sum:
 * |wasm − ref| ≤ K·2⁻²³·Σ|a·b| (+ the rounding of the stored value).
 */
const EPS32 = 2 ** -23;

// Odd shapes on purpose: edges of the 4×8 micro-tile, K across the 256 block, single rows/columns.
const shapes: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 8, 1],
  [7, 9, 13],
  [5, 17, 300],
  [9, 33, 513],
  [64, 10, 128],
  [2, 11, 6],
];

type Layout = "NT" | "NN" | "TN";

function run(
  layout: Layout,
  M: number,
  N: number,
  K: number,
  A: Float32Array,
  B: Float32Array,
  C: Float32Array,
  bias: Float32Array,
  relu: boolean,
  accumulate: boolean,
): void {
  if (layout === "NT") matmulNT(M, N, K, A, 3, B, 2, C, 1, bias, 1, relu, accumulate);
  else if (layout === "NN") matmulNN(M, N, K, A, 3, B, 2, C, 1, accumulate);
  else matmulTN(M, N, K, A, 3, B, 2, C, 1, accumulate);
}

/** Σ_k |A(i,k)·B(k,j)| for the error bound, in float64. */
function absSum(layout: Layout, M: number, N: number, K: number, A: Float32Array, B: Float32Array, i: number, j: number): number {
  let s = 0;
  for (let k = 0; k < K; k++) {
    const a = layout === "TN" ? A[3 + k * M + i] : A[3 + i * K + k];
    const b = layout === "NT" ? B[2 + j * K + k] : B[2 + k * N + j];
    s += Math.abs(a * b);
  }
  return s;
}

describe.skipIf(!simdEnabled)("WebAssembly SIMD GEMM agrees with the TypeScript reference", () => {
  for (const layout of ["NT", "NN", "TN"] as const) {
    for (const [accumulate, relu] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      if (relu && layout !== "NT") continue;
      it.each(shapes)(`${layout} accumulate=${accumulate} relu=${relu} matches for M=%i N=%i K=%i`, (M, N, K) => {
        const arena = new Arena(0);
        const A = arena.floats("f32", M * K + 3) as Float32Array;
        const B = arena.floats("f32", N * K + 2) as Float32Array;
        const C = arena.floats("f32", M * N + 2) as Float32Array;
        const bias = arena.floats("f32", N + 1) as Float32Array;
        A.set(randomArray(A.length, 1));
        B.set(randomArray(B.length, 2));
        C.set(randomArray(C.length, 3));
        bias.set(randomArray(bias.length, 4));
        const ref = Float32Array.from(C);
        run(layout, M, N, K, Float32Array.from(A), Float32Array.from(B), ref, Float32Array.from(bias), relu, accumulate);
        run(layout, M, N, K, A, B, C, bias, relu, accumulate);
        expect(C[0]).toBe(ref[0]);
        expect(C[M * N + 1]).toBe(ref[M * N + 1]);
        for (let i = 0; i < M; i++)
          for (let j = 0; j < N; j++) {
            const t = 1 + i * N + j;
            const bound = K * EPS32 * absSum(layout, M, N, K, A, B, i, j) + 2 * EPS32 * (Math.abs(ref[t]) + 1);
            expect(Math.abs(C[t] - ref[t])).toBeLessThanOrEqual(bound);
          }
      });
    }
  }

  it("stages an input that lives outside the arena (a data loader's batch)", () => {
    const [M, N, K] = [6, 13, 29];
    const arena = new Arena(0);
    const x = Float32Array.from(randomArray(M * K + 3, 5));
    const W = arena.floats("f32", N * K + 2) as Float32Array;
    W.set(randomArray(W.length, 6));
    const out = arena.floats("f32", M * N + 2) as Float32Array;
    const ref = new Float32Array(M * N + 2);
    matmulNT(M, N, K, x, 3, Float32Array.from(W), 2, ref, 1, null, 0, false, false);
    expect(simdMatmulNT(M, N, K, x, 3, W, 2, out, 1, null, 0, false, false)).toBe(true);
    for (let t = 1; t <= M * N; t++) expect(out[t]).toBeCloseTo(ref[t], 5);
  });

  it("gives bit-identical results whether a product is split across threads or not", () => {
    // 64×256×784 is above the threading threshold; 8-column slices of it are below, so they run on
    // one thread. Each output element must come out the same either way.
    const before = gemmThreads();
    setGemmThreads(2);
    const [M, N, K] = [64, 256, 784];
    const arena = new Arena(0);
    const A = arena.floats("f32", M * K) as Float32Array;
    const B = arena.floats("f32", N * K) as Float32Array;
    const bias = arena.floats("f32", N) as Float32Array;
    const C = arena.floats("f32", M * N) as Float32Array;
    const part = arena.floats("f32", M * 8) as Float32Array;
    A.set(randomArray(A.length, 7));
    B.set(randomArray(B.length, 8));
    bias.set(randomArray(N, 9));
    matmulNT(M, N, K, A, 0, B, 0, C, 0, bias, 0, true, false);
    // The same arena's product again on new helpers (a training run ends its helpers; the model may train again).
    stopHelpers();
    const again = arena.floats("f32", M * N) as Float32Array;
    matmulNT(M, N, K, A, 0, B, 0, again, 0, bias, 0, true, false);
    expect(Array.from(again)).toEqual(Array.from(C));
    setGemmThreads(before);
    for (let j0 = 0; j0 < N; j0 += 8) {
      matmulNT(M, 8, K, A, 0, B, j0 * K, part, 0, bias, j0, true, false);
      for (let i = 0; i < M; i++) for (let j = 0; j < 8; j++) expect(C[i * N + j0 + j]).toBe(part[i * 8 + j]);
    }
  });

  it("maps NaN sums to 0 under ReLU like the reference", () => {
    const arena = new Arena(0);
    const A = arena.floats("f32", 8) as Float32Array;
    const B = arena.floats("f32", 8 * 8) as Float32Array;
    const C = arena.floats("f32", 8) as Float32Array;
    A.fill(1);
    A[0] = NaN;
    B.fill(1);
    matmulNT(1, 8, 8, A, 0, B, 0, C, 0, null, 0, true, false);
    expect(Array.from(C)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("leaves float64 models and plain arrays to the reference kernels", () => {
    const arena = new Arena(0);
    const A = arena.floats("f64", 6);
    const B = arena.floats("f64", 6);
    const C = arena.floats("f64", 4);
    expect(simdMatmulNT(2, 2, 3, A, 0, B, 0, C, 0, null, 0, false, false)).toBe(false);
    expect(simdMatmulNT(2, 2, 3, new Float32Array(6), 0, new Float32Array(6), 0, new Float32Array(4), 0, null, 0, false, false)).toBe(
      false,
    );
  });
});

const fusedGemm = () => gemmModuleBytes(true);
const separateGemm = () => gemmModuleBytes(false);

describe.skipIf(!fmaEnabled)("the fused multiply-add GEMM", () => {
  // The default kernel above is the fused one wherever fmaEnabled; this runs both module variants
  // directly on the same operands, so the kernel NNC_FMA=0 selects stays checked too.
  it.each([
    [5, 17, 300],
    [64, 30, 784],
    [9, 33, 513],
  ])("and the separate multiply-add GEMM both match the exact product for M=%i N=%i K=%i", (M, N, K) => {
    const arena = new Arena(0);
    const A = arena.floats("f32", M * K) as Float32Array;
    const B = arena.floats("f32", N * K) as Float32Array;
    A.set(randomArray(A.length, 11));
    B.set(randomArray(B.length, 12));
    const ap = arena.floats("f32", Math.ceil(M / MR) * MR * KC);
    const bp = arena.floats("f32", Math.ceil(N / NR) * NR * KC);
    const tile = arena.floats("f32", MR * NR);
    const results = [fusedGemm, separateGemm].map((bytes) => {
      const C = arena.floats("f32", M * N) as Float32Array;
      const gemm = kernelsFor(arena, bytes).gemm as (...args: number[]) => void;
      // C = A·Bᵀ: A [M,K] row-major (sai = K, sak = 1), B stored [N,K] (sbk = 1, sbj = K).
      gemm(M, N, K, A.byteOffset, K, 1, B.byteOffset, 1, K, C.byteOffset, N, 0, 0, ap.byteOffset, bp.byteOffset, tile.byteOffset);
      return C;
    });
    for (let i = 0; i < M; i++)
      for (let j = 0; j < N; j++) {
        let exact = 0;
        let abs = 0;
        for (let k = 0; k < K; k++) {
          exact += A[i * K + k] * B[j * K + k];
          abs += Math.abs(A[i * K + k] * B[j * K + k]);
        }
        for (const C of results) expect(Math.abs(C[i * N + j] - exact)).toBeLessThanOrEqual(K * EPS32 * abs + EPS32 * Math.abs(exact));
      }
  });
});

describe.skipIf(!simdEnabled)("gemm_batch", () => {
  // Winograd's 36 products per chunk go through one call; each must be the product a gemm call of its own gives.
  it("gives each of its products the bits of its own gemm call, and writes nothing else", () => {
    const [M, N, K, count] = [6, 13, 19, 3];
    const arena = new Arena(0);
    const k = kernelsFor(arena, () => gemmModuleBytes()) as Record<string, (...args: number[]) => void>;
    // Operands of product i at i·(size + gap) floats: the gaps must stay untouched.
    const gap = 5;
    const [sa, sb, sc] = [M * K + gap, K * N + gap, M * N + gap];
    const A = arena.floats("f32", count * sa) as Float32Array;
    const B = arena.floats("f32", count * sb) as Float32Array;
    A.set(randomArray(A.length, 31));
    B.set(randomArray(B.length, 32));
    const ap = arena.floats("f32", Math.ceil(M / MR) * MR * KC);
    const bp = arena.floats("f32", Math.ceil(N / NR) * NR * KC);
    const tile = arena.floats("f32", MR * NR);
    // C (+)= A·B, A [M,K] and B [K,N] row-major; accumulating onto C's starting values.
    const args = (a: number, b: number, c: number) => [
      M,
      N,
      K,
      a,
      K,
      1,
      b,
      N,
      1,
      c,
      N,
      0,
      1,
      ap.byteOffset,
      bp.byteOffset,
      tile.byteOffset,
    ];
    const start = randomArray(count * sc, 33);
    const one = arena.floats("f32", count * sc) as Float32Array;
    const batched = arena.floats("f32", count * sc) as Float32Array;
    one.set(start);
    batched.set(start);
    for (let i = 0; i < count; i++) k.gemm(...args(A.byteOffset + 4 * i * sa, B.byteOffset + 4 * i * sb, one.byteOffset + 4 * i * sc));
    k.gemm_batch(count, 4 * sa, 4 * sb, 4 * sc, ...args(A.byteOffset, B.byteOffset, batched.byteOffset));
    expect(
      Array.from(one).some((v, i) => v !== Math.fround(start[i])),
      "the products changed C",
    ).toBe(true);
    expect(Array.from(batched)).toEqual(Array.from(one));
    for (let i = 0; i < count; i++)
      expect(Array.from(batched.subarray(i * sc + M * N, (i + 1) * sc)), `gap after product ${i}`).toEqual(
        Array.from(Float32Array.from(start.slice(i * sc + M * N, (i + 1) * sc))),
      );
  });
});
