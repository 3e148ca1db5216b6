import { F32, FunctionBuilder, I32, V128, assembleModule, op, simdOp } from "./encode.ts";
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

/** Rows per micro-tile. */
export const MR = 4;
/** f32x4 vectors per micro-tile row (NR = 4·NV columns). */
const NV = 2;
export const NR = 4 * NV;
/** K block: KC·NR·4 bytes of B panel = 8 KiB. */
export const KC = 256;

/** Flag bits of the driver's `flags` argument. */
export const ACCUMULATE = 1;
export const RELU = 2;
export const BIAS = 4;

const PACK_A = 0,
  PACK_B = 1,
  MICRO = 2;

/**
 * pack(src, n, kc, si, sk, dst): panels of R along the n index, zero-padded past n.
 * Element (idx, k) is read at src + 4·(idx·si + k·sk); written to dst[idx/R][k][idx%R].
 * A full panel takes one of two vector paths when a stride is 1: si = 1 (NN and TN's B, TN's A: the
 * R values of one k sit side by side) copies R/4 vectors per k; sk = 1 (NN and NT's A, NT's B: each
 * row runs along k) loads 4 k's of 4 rows and transposes them with shuffles. The scalar loop is for
 * the last, partial panel and other strides; it was most of the packing time (a select per element).
 */
function emitPack(name: string, R: number): FunctionBuilder {
  const f = new FunctionBuilder(name, [I32, I32, I32, I32, I32, I32]);
  const [src, n, kc, si, sk, dst] = [0, 1, 2, 3, 4, 5];
  const p0 = f.local(I32),
    k = f.local(I32),
    koff = f.local(I32),
    valid = f.local(I32),
    kstep = f.local(I32),
    kc4 = f.local(I32);
  const rows = Array.from({ length: R }, () => f.local(I32));
  const v = Array.from({ length: 4 }, () => f.local(V128));
  const lo = f.local(V128),
    hi = f.local(V128),
    lo2 = f.local(V128),
    hi2 = f.local(V128);
  const nextK = (bytes: () => void): void => {
    f.get(dst);
    f.i32(4 * R);
    f.op(op.i32Add);
    f.set(dst);
    f.get(koff);
    bytes();
    f.op(op.i32Add);
    f.set(koff);
  };
  f.get(sk);
  f.i32(2);
  f.op(op.i32Shl);
  f.set(kstep);
  f.get(kc);
  f.i32(-4);
  f.op(op.i32And);
  f.set(kc4);
  f.forRange(
    p0,
    () => f.i32(0),
    () => f.get(n),
    R,
    () => {
      f.get(n);
      f.get(p0);
      f.op(op.i32Sub);
      f.set(valid);
      // Row base addresses, clamped to the last real row so padding lanes never read out of bounds.
      for (let r = 0; r < R; r++) {
        f.get(src);
        f.get(p0);
        f.i32(r);
        f.op(op.i32Add);
        f.get(n);
        f.i32(1);
        f.op(op.i32Sub);
        f.get(p0);
        f.i32(r);
        f.op(op.i32Add);
        f.get(n);
        f.i32(1);
        f.op(op.i32Sub);
        f.op(op.i32LtS);
        f.select();
        f.get(si);
        f.op(op.i32Mul);
        f.i32(2);
        f.op(op.i32Shl);
        f.op(op.i32Add);
        f.set(rows[r]);
      }
      f.i32(0);
      f.set(koff);
      const full = (): void => {
        f.get(valid);
        f.i32(R);
        f.op(op.i32GeS);
      };
      full();
      f.get(si);
      f.i32(1);
      f.op(op.i32Eq);
      f.op(op.i32And);
      f.if(
        () => {
          f.forRange(
            k,
            () => f.i32(0),
            () => f.get(kc),
            1,
            () => {
              for (let q = 0; q < R / 4; q++) {
                f.get(dst);
                f.get(rows[0]);
                f.get(koff);
                f.op(op.i32Add);
                f.v128Load(16 * q);
                f.v128Store(16 * q);
              }
              nextK(() => f.get(kstep));
            },
          );
        },
        () => {
          full();
          f.get(sk);
          f.i32(1);
          f.op(op.i32Eq);
          f.op(op.i32And);
          f.if(
            () => {
              f.forRange(
                k,
                () => f.i32(0),
                () => f.get(kc4),
                4,
                () => {
                  for (let g = 0; g < R / 4; g++) {
                    for (let i = 0; i < 4; i++) {
                      f.get(rows[4 * g + i]);
                      f.get(koff);
                      f.op(op.i32Add);
                      f.v128Load();
                      f.set(v[i]);
                    }
                    // 4×4 transpose: rows i of v hold k … k+3; out q holds element q of each row.
                    f.get(v[0]);
                    f.get(v[1]);
                    f.shuffle32([0, 4, 1, 5]);
                    f.set(lo);
                    f.get(v[0]);
                    f.get(v[1]);
                    f.shuffle32([2, 6, 3, 7]);
                    f.set(hi);
                    f.get(v[2]);
                    f.get(v[3]);
                    f.shuffle32([0, 4, 1, 5]);
                    f.set(lo2);
                    f.get(v[2]);
                    f.get(v[3]);
                    f.shuffle32([2, 6, 3, 7]);
                    f.set(hi2);
                    const out = (q: number, a: number, b: number, lanes: number[]): void => {
                      f.get(dst);
                      f.get(a);
                      f.get(b);
                      f.shuffle32(lanes);
                      f.v128Store(4 * (q * R + 4 * g));
                    };
                    out(0, lo, lo2, [0, 1, 4, 5]);
                    out(1, lo, lo2, [2, 3, 6, 7]);
                    out(2, hi, hi2, [0, 1, 4, 5]);
                    out(3, hi, hi2, [2, 3, 6, 7]);
                  }
                  f.get(dst);
                  f.i32(16 * R);
                  f.op(op.i32Add);
                  f.set(dst);
                  f.get(koff);
                  f.i32(16);
                  f.op(op.i32Add);
                  f.set(koff);
                },
              );
              f.forRange(
                k,
                () => f.get(kc4),
                () => f.get(kc),
                1,
                () => {
                  for (let r = 0; r < R; r++) {
                    f.get(dst);
                    f.get(rows[r]);
                    f.get(koff);
                    f.op(op.i32Add);
                    f.f32Load();
                    f.f32Store(4 * r);
                  }
                  nextK(() => f.i32(4));
                },
              );
            },
            () => {
              f.forRange(
                k,
                () => f.i32(0),
                () => f.get(kc),
                1,
                () => {
                  for (let r = 0; r < R; r++) {
                    f.get(dst);
                    f.get(rows[r]);
                    f.get(koff);
                    f.op(op.i32Add);
                    f.f32Load();
                    f.f32(0);
                    f.i32(r);
                    f.get(valid);
                    f.op(op.i32LtS);
                    f.select();
                    f.f32Store(4 * r);
                  }
                  nextK(() => f.get(kstep));
                },
              );
            },
          );
        },
      );
    },
  );
  return f;
}

/**
 * micro(kc, ap, bp, c, ldc, rows, cols, bias, flags, tile): C tile (rows ≤ MR, cols ≤ NR) from one
 * A panel and one B panel. Full tiles take a vector epilogue; edge tiles go through `tile`
 * (MR·NR floats of scratch) and a scalar one, so nothing outside C's rows is read or written.
 */
function emitMicro(fused: boolean): FunctionBuilder {
  const f = new FunctionBuilder("micro", [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [kc, ap, bp, c, ldc, rows, cols, bias, flags, tile] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const acc = Array.from({ length: MR }, () => Array.from({ length: NV }, () => f.local(V128)));
  const bv = Array.from({ length: NV }, () => f.local(V128));
  const av = f.local(V128),
    k = f.local(I32),
    row = f.local(I32),
    ldc4 = f.local(I32);
  const r = f.local(I32),
    j = f.local(I32),
    x = f.local(F32),
    addr = f.local(I32);

  for (const accRow of acc)
    for (const a of accRow) {
      f.v128Zero();
      f.set(a);
    }
  f.get(kc);
  f.set(k);
  f.loop(() => {
    for (let v = 0; v < NV; v++) {
      f.get(bp);
      f.v128Load(16 * v);
      f.set(bv[v]);
    }
    for (let i = 0; i < MR; i++) {
      f.get(ap);
      f.v128Load32Splat(4 * i);
      f.set(av);
      for (let v = 0; v < NV; v++) {
        if (fused) {
          f.get(av);
          f.get(bv[v]);
          f.get(acc[i][v]);
          f.simd(simdOp.f32x4RelaxedMadd);
        } else {
          f.get(acc[i][v]);
          f.get(av);
          f.get(bv[v]);
          f.simd(simdOp.f32x4Mul);
          f.simd(simdOp.f32x4Add);
        }
        f.set(acc[i][v]);
      }
    }
    f.get(ap);
    f.i32(4 * MR);
    f.op(op.i32Add);
    f.set(ap);
    f.get(bp);
    f.i32(4 * NR);
    f.op(op.i32Add);
    f.set(bp);
    f.get(k);
    f.i32(1);
    f.op(op.i32Sub);
    f.tee(k);
    f.brIf(0);
  });

  f.get(ldc);
  f.i32(2);
  f.op(op.i32Shl);
  f.set(ldc4);
  const flag = (bit: number): void => {
    f.get(flags);
    f.i32(bit);
    f.op(op.i32And);
  };
  f.get(rows);
  f.i32(MR);
  f.op(op.i32Eq);
  f.get(cols);
  f.i32(NR);
  f.op(op.i32Eq);
  f.op(op.i32And);
  f.if(
    () => {
      flag(ACCUMULATE);
      f.if(() => {
        f.get(c);
        f.set(row);
        for (let i = 0; i < MR; i++) {
          for (let v = 0; v < NV; v++) {
            f.get(acc[i][v]);
            f.get(row);
            f.v128Load(16 * v);
            f.simd(simdOp.f32x4Add);
            f.set(acc[i][v]);
          }
          f.get(row);
          f.get(ldc4);
          f.op(op.i32Add);
          f.set(row);
        }
      });
      flag(BIAS);
      f.if(() => {
        for (let v = 0; v < NV; v++) {
          f.get(bias);
          f.v128Load(16 * v);
          f.set(bv[v]);
          for (let i = 0; i < MR; i++) {
            f.get(acc[i][v]);
            f.get(bv[v]);
            f.simd(simdOp.f32x4Add);
            f.set(acc[i][v]);
          }
        }
      });
      flag(RELU);
      f.if(() => {
        // pmax(0, x) = 0 < x ? x : 0, so NaN becomes 0 exactly like the reference's !(s > 0).
        for (const accRow of acc)
          for (const a of accRow) {
            f.v128Zero();
            f.get(a);
            f.simd(simdOp.f32x4Pmax);
            f.set(a);
          }
      });
      f.get(c);
      f.set(row);
      for (let i = 0; i < MR; i++) {
        for (let v = 0; v < NV; v++) {
          f.get(row);
          f.get(acc[i][v]);
          f.v128Store(16 * v);
        }
        f.get(row);
        f.get(ldc4);
        f.op(op.i32Add);
        f.set(row);
      }
    },
    () => {
      for (let i = 0; i < MR; i++)
        for (let v = 0; v < NV; v++) {
          f.get(tile);
          f.get(acc[i][v]);
          f.v128Store(4 * (i * NR + 4 * v));
        }
      f.forRange(
        r,
        () => f.i32(0),
        () => f.get(rows),
        1,
        () => {
          f.forRange(
            j,
            () => f.i32(0),
            () => f.get(cols),
            1,
            () => {
              f.get(tile);
              f.get(r);
              f.i32(NR);
              f.op(op.i32Mul);
              f.get(j);
              f.op(op.i32Add);
              f.i32(2);
              f.op(op.i32Shl);
              f.op(op.i32Add);
              f.f32Load();
              f.set(x);
              f.get(c);
              f.get(r);
              f.get(ldc4);
              f.op(op.i32Mul);
              f.op(op.i32Add);
              f.get(j);
              f.i32(2);
              f.op(op.i32Shl);
              f.op(op.i32Add);
              f.set(addr);
              flag(ACCUMULATE);
              f.if(() => {
                f.get(x);
                f.get(addr);
                f.f32Load();
                f.op(op.f32Add);
                f.set(x);
              });
              flag(BIAS);
              f.if(() => {
                f.get(x);
                f.get(bias);
                f.get(j);
                f.i32(2);
                f.op(op.i32Shl);
                f.op(op.i32Add);
                f.f32Load();
                f.op(op.f32Add);
                f.set(x);
              });
              flag(RELU);
              f.if(() => {
                f.get(x);
                f.f32(0);
                f.get(x);
                f.f32(0);
                f.op(op.f32Gt);
                f.select();
                f.set(x);
              });
              f.get(addr);
              f.get(x);
              f.f32Store();
            },
          );
        },
      );
    },
  );
  return f;
}

/**
 * gemm(M, N, K, a, sai, sak, b, sbk, sbj, c, ldc, bias, flags, ap, bp, tile):
 * C[M,N] (=|+=) A·B (+ bias) (ReLU), with the strides above; ap/bp hold at least
 * ceil(M/MR)·MR·KC and ceil(N/NR)·NR·KC floats, tile MR·NR floats. Needs K ≥ 1.
 */
function emitDriver(): FunctionBuilder {
  const f = new FunctionBuilder("gemm", Array(16).fill(I32));
  const [M, N, K, a, sai, sak, b, sbk, sbj, c, ldc, bias, flags, ap, bp, tile] = Array.from({ length: 16 }, (_, i) => i);
  const k0 = f.local(I32),
    kc = f.local(I32),
    fl = f.local(I32),
    i0 = f.local(I32),
    j0 = f.local(I32);
  f.forRange(
    k0,
    () => f.i32(0),
    () => f.get(K),
    KC,
    () => {
      // kc = min(KC, K − k0)
      f.get(K);
      f.get(k0);
      f.op(op.i32Sub);
      f.i32(KC);
      f.get(K);
      f.get(k0);
      f.op(op.i32Sub);
      f.i32(KC);
      f.op(op.i32LtS);
      f.select();
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
          f.forRange(
            i0,
            () => f.i32(0),
            () => f.get(M),
            MR,
            () => {
              f.get(kc);
              f.get(ap);
              f.get(i0);
              f.get(kc);
              f.op(op.i32Mul);
              f.i32(2);
              f.op(op.i32Shl);
              f.op(op.i32Add);
              f.get(bp);
              f.get(j0);
              f.get(kc);
              f.op(op.i32Mul);
              f.i32(2);
              f.op(op.i32Shl);
              f.op(op.i32Add);
              f.get(c);
              f.get(i0);
              f.get(ldc);
              f.op(op.i32Mul);
              f.get(j0);
              f.op(op.i32Add);
              f.i32(2);
              f.op(op.i32Shl);
              f.op(op.i32Add);
              f.get(ldc);
              f.get(M);
              f.get(i0);
              f.op(op.i32Sub);
              f.i32(MR);
              f.get(M);
              f.get(i0);
              f.op(op.i32Sub);
              f.i32(MR);
              f.op(op.i32LtS);
              f.select();
              f.get(N);
              f.get(j0);
              f.op(op.i32Sub);
              f.i32(NR);
              f.get(N);
              f.get(j0);
              f.op(op.i32Sub);
              f.i32(NR);
              f.op(op.i32LtS);
              f.select();
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
    },
  );
  return f;
}

/**
 * The GEMM module's bytes; exports packA, packB, micro and gemm. `fused` multiplies-and-adds with one
 * relaxed-SIMD instruction (an FMA on x86-64 and ARM64: a fifth faster here, and one rounding instead of two).
 */
export function gemmModuleBytes(fused: boolean = fmaEnabled): Uint8Array {
  const fns = [emitPack("packA", MR), emitPack("packB", NR), emitMicro(fused), emitDriver()];
  if (fns[PACK_A].name !== "packA" || fns[PACK_B].name !== "packB" || fns[MICRO].name !== "micro")
    throw new Error("gemm module: function order changed");
  return assembleModule(fns);
}
