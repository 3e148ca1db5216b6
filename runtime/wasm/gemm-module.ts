import { assembleModule, FunctionBuilder, I32, op } from "./encode.ts";
import { ACCUMULATE, BIAS, KC, MICRO, MR, NR, PACK_A, PACK_B, PACKED_B, RELU } from "./gemm-layout.ts";
import { emitMicro } from "./gemm-micro-module.ts";
import { emitPack } from "./gemm-pack-module.ts";
import { fmaEnabled } from "./simd.ts";

/*
 * The SIMD GEMM module. One driver serves all three dense layouts because both operands are
 * first packed (Goto/BLIS style) into zero-padded panels:
 *
 *   A element (i, k) at a + 4·(i·sai + k·sak)  →  Ap[i/MR][k][i%MR]   (MR rows per panel)
 *   B element (k, j) at b + 4·(k·sbk + j·sbj)  →  Bp[j/NR][k][j%NR]   (NR columns per panel)
 *
 * NT (B stored [N,K]) is sbk = 1, sbj = K; NN and TN keep B [K,N] (sbk = N, sbj = 1); TN reads A
 * transposed (sai = 1, sak = M). The micro-kernel then streams one A panel and one B panel
 * through MR×NR float32 accumulators (f32x4 lanes), so its inner loop is contiguous loads, splats,
 * multiplies and adds whatever the layout. K is cut into blocks of KC so a B panel (KC·NR floats)
 * stays in L1 while the A panels stream past it; partial sums go to C between blocks, and the
 * epilogue (bias, ReLU) runs only after the last block.
 */

/**
 * gemm(M, N, K, a, sai, sak, b, sbk, sbj, c, ldc, bias, flags, ap, bp, tile):
 * C[M,N] (=|+=) A·B (+ bias) (ReLU), with the strides above; ap/bp hold at least
 * ceil(M/MR)·MR·KC and ceil(N/NR)·NR·KC floats, tile MR·NR floats. Needs K ≥ 1. With PACKED_B in flags, b
 * holds B's panels already (K ≤ KC; sbk, sbj and bp unused).
 */
function emitDriver(): FunctionBuilder {
  const f = new FunctionBuilder("gemm", Array(16).fill(I32));
  const [M, N, K, a, sai, sak, b, sbk, sbj, c, ldc, bias, flags, ap, bp, tile] = Array.from({ length: 16 }, (_, i) => i);
  const k0 = f.local(I32),
    kc = f.local(I32),
    fl = f.local(I32),
    j0 = f.local(I32),
    panels = f.local(I32);
  f.forRange(
    k0,
    () => f.i32(0),
    () => f.get(K),
    KC,
    () => {
      // kc = min(KC, K − k0)
      f.minLeft(K, k0, KC);
      f.set(kc);
      f.get(a);
      f.get(k0);
      f.get(sak);
      f.op(op.i32Mul);
      f.i32(2);
      f.op(op.i32Shl);
      f.op(op.i32Add);
      f.get(M);
      f.get(kc);
      f.get(sai);
      f.get(sak);
      f.get(ap);
      f.call(PACK_A);
      // B's panels: packed here, or already packed by the caller (PACKED_B, one K block) and read in place.
      f.get(flags);
      f.i32(PACKED_B);
      f.op(op.i32And);
      f.if(
        () => {
          f.get(b);
          f.set(panels);
        },
        () => {
          f.get(b);
          f.get(k0);
          f.get(sbk);
          f.op(op.i32Mul);
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
          f.get(N);
          f.get(kc);
          f.get(sbj);
          f.get(sbk);
          f.get(bp);
          f.call(PACK_B);
          f.get(bp);
          f.set(panels);
        },
      );
      // Later K blocks add to the partial sums in C; bias and ReLU wait for the last block.
      f.get(flags);
      f.i32(ACCUMULATE);
      f.op(op.i32And);
      f.i32(ACCUMULATE);
      f.get(k0);
      f.op(op.i32Eqz);
      f.select();
      f.get(flags);
      f.i32(RELU | BIAS);
      f.op(op.i32And);
      f.i32(0);
      f.get(k0);
      f.get(kc);
      f.op(op.i32Add);
      f.get(K);
      f.op(op.i32GeS);
      f.select();
      f.op(0x72); // i32.or
      f.set(fl);
      f.forRange(
        j0,
        () => f.i32(0),
        () => f.get(N),
        NR,
        () => {
          f.get(kc);
          f.get(ap);
          f.get(panels);
          f.get(j0);
          f.get(kc);
          f.op(op.i32Mul);
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
          f.get(c);
          f.get(j0);
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
          f.get(ldc);
          f.get(M);
          f.minLeft(N, j0, NR);
          f.get(bias);
          f.get(j0);
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
          f.get(fl);
          f.get(tile);
          f.call(MICRO);
        },
      );
    },
  );
  return f;
}

/** The driver's function index (after packA, packB and micro), which gemm_batch calls. */
const DRIVER = 3;

/**
 * gemm_batch(count, da, db, dc, …gemm's 16 arguments): gemm `count` times, call i with a, b and c moved on by i·da,
 * i·db and i·dc bytes. Winograd's products are 36 (or 16) such GEMMs per chunk of samples, as many calls through a
 * KernelProgram, each with its 16 arguments copied out of the control block; one batched call is one of those.
 */
function emitBatch(): FunctionBuilder {
  const f = new FunctionBuilder("gemm_batch", Array(20).fill(I32));
  const [count, da, db, dc] = [0, 1, 2, 3];
  const arg = (i: number): number => 4 + i;
  const [A, B, C] = [arg(3), arg(6), arg(9)];
  const i = f.local(I32);
  f.forRange(
    i,
    () => f.i32(0),
    () => f.get(count),
    1,
    () => {
      for (let j = 0; j < 16; j++) f.get(arg(j));
      f.call(DRIVER);
      for (const [operand, step] of [
        [A, da],
        [B, db],
        [C, dc],
      ]) {
        f.get(operand);
        f.get(step);
        f.op(op.i32Add);
        f.set(operand);
      }
    },
  );
  return f;
}

/**
 * The GEMM module's bytes; exports packA, packB, micro, gemm and gemm_batch. `fused` multiplies-and-adds with one
 * relaxed-SIMD instruction (an FMA on x86-64 and ARM64: a fifth faster here, and one rounding instead of two).
 */
export function gemmModuleBytes(fused: boolean = fmaEnabled): Uint8Array {
  const fns = [emitPack("packA", MR), emitPack("packB", NR), emitMicro(fused), emitDriver(), emitBatch()];
  if (fns[PACK_A].name !== "packA" || fns[PACK_B].name !== "packB" || fns[MICRO].name !== "micro" || fns[DRIVER].name !== "gemm")
    throw new Error("gemm module: function order changed");
  return assembleModule(fns);
}
