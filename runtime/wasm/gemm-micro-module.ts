import { F32, FunctionBuilder, I32, op, simdOp, V128 } from "./encode.ts";
import { ACCUMULATE, BIAS, MR, NR, NV, RELU } from "./gemm-layout.ts";

/* The GEMM micro-kernel: a column panel of C, MR×NR tile by tile, from the packed A panels and one packed B panel. */

/**
 * micro(kc, ap0, bp0, c0, ldc, M, cols, bias, flags, tile): the M×cols block of C (cols ≤ NR) from all M/MR
 * packed A panels and one packed B panel, one MR×NR tile after another. Looping over the row tiles here, not
 * in the driver, saves a call per tile, which costs as much as the tile's arithmetic when K is small (the
 * Winograd products of a 16-channel layer have K = 16). Full tiles take a vector epilogue; edge tiles go
 * through `tile` (MR·NR floats of scratch) and a scalar one, so nothing outside C's rows is read or written.
 */
export function emitMicro(fused: boolean): FunctionBuilder {
  const f = new FunctionBuilder("micro", [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [kc, ap0, bp0, c0, ldc, M, cols, bias, flags, tile] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
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
  const i0 = f.local(I32),
    ap = f.local(I32),
    bp = f.local(I32),
    c = f.local(I32),
    rows = f.local(I32);

  // One tile of C, `rows` ≤ MR by `cols` ≤ NR: ap, bp and c point at its A panel, its B panel and its first element.
  const emitTile = (): void => {
    // One k step: acc[i][v] += A(i, k)·B(k, v), or = on the first step, which starts the sums instead of zeroing the
    // accumulators first (10% of a K = 16 product's time; the same sums except that all-(−0) products give −0, not +0).
    const kStep = (first: boolean): void => {
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
          if (first) {
            f.get(av);
            f.get(bv[v]);
            f.simd(simdOp.f32x4Mul);
          } else if (fused) {
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
    };
    kStep(true);
    f.get(kc);
    f.i32(1);
    f.op(op.i32Sub);
    f.tee(k);
    f.if(() =>
      f.loop(() => {
        kStep(false);
        f.get(k);
        f.i32(1);
        f.op(op.i32Sub);
        f.tee(k);
        f.brIf(0);
      }),
    );

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
  };

  f.get(ldc);
  f.i32(2);
  f.op(op.i32Shl);
  f.set(ldc4);
  f.get(ap0);
  f.set(ap);
  f.forRange(
    i0,
    () => f.i32(0),
    () => f.get(M),
    MR,
    () => {
      // The A panels lie one after another, so ap carries on from the last tile's end.
      f.get(bp0);
      f.set(bp);
      f.get(c0);
      f.get(i0);
      f.get(ldc4);
      f.op(op.i32Mul);
      f.op(op.i32Add);
      f.set(c);
      f.minLeft(M, i0, MR);
      f.set(rows);
      emitTile();
    },
  );
  return f;
}
