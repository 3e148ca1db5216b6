import { FunctionBuilder, I32, op, V128 } from "./encode.ts";

/* Packing of the GEMM operands into zero-padded panels (runtime/wasm/gemm-module.ts describes the layout). */

/**
 * pack(src, n, kc, si, sk, dst): panels of R along the n index, zero-padded past n.
 * Element (idx, k) is read at src + 4·(idx·si + k·sk); written to dst[idx/R][k][idx%R].
 * A full panel takes one of two vector paths when a stride is 1: si = 1 (NN and TN's B, TN's A: the
 * R values of one k sit side by side) copies R/4 vectors per k; sk = 1 (NN and NT's A, NT's B: each
 * row runs along k) loads 4 k's of 4 rows and transposes them with shuffles. The scalar loop is for
 * the last, partial panel and other strides; it was most of the packing time (a select per element).
 */
export function emitPack(name: string, R: number): FunctionBuilder {
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
