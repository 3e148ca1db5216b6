import { FunctionBuilder, I32, op, V128 } from "./encode.ts";
import { copyFloats } from "./winograd-lanes.ts";
import { advance, bytesOf, inputTransform, splatConstants, transpose } from "./winograd4-lanes.ts";

/* winograd4Input: V = Bᵀ d B of every 6×6 input patch of four samples (runtime/wasm/winograd4-module.ts gives the layout). */

export function emitInput4(): FunctionBuilder {
  const f = new FunctionBuilder("winograd4Input", [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [x, sampleBytes, lanes, planes, V, C, H, W, pad, TH, TW, NT, stride] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const [c, l, r, ty, tx, j, n4] = Array.from({ length: 7 }, () => f.local(I32));
  const [Wp, rowBytes, planeBytes, xs, src, dst, vc, out, row, ptr] = Array.from({ length: 10 }, () => f.local(I32));
  const pb = [0, 1, 2].map(() => f.local(I32));
  const rowStride = [1, 2, 3, 4, 5].map(() => f.local(I32));
  const k = splatConstants(f, [2, 4, 5]);
  const [p, q] = [f.local(V128), f.local(V128)];
  const a = Array.from({ length: 4 }, () => f.local(V128));
  const b = Array.from({ length: 4 }, () => f.local(V128));
  const s = Array.from({ length: 4 }, () => f.local(V128));
  const d = Array.from({ length: 6 }, () => f.local(V128));
  const t = Array.from({ length: 36 }, () => f.local(V128));
  // Wp = 4·TW + 4 floats a plane row (a patch row is read as two vectors from column 4·tx); 4·TH + 2 rows.
  f.get(TW);
  f.i32(2);
  f.op(op.i32Shl);
  f.i32(4);
  f.op(op.i32Add);
  f.set(Wp);
  bytesOf(f, Wp);
  f.set(rowBytes);
  f.get(TH);
  f.i32(2);
  f.op(op.i32Shl);
  f.i32(2);
  f.op(op.i32Add);
  f.get(rowBytes);
  f.op(op.i32Mul);
  f.set(planeBytes);
  pb.forEach((to, i) => {
    f.get(planeBytes);
    f.i32(i + 1);
    f.op(op.i32Mul);
    f.set(to);
  });
  bytesOf(f, stride);
  f.set(xs);
  rowStride.forEach((to, i) => {
    f.get(xs);
    f.i32(6 * (i + 1));
    f.op(op.i32Mul);
    f.set(to);
  });
  f.get(V);
  f.set(vc);
  f.forRange(
    c,
    () => f.i32(0),
    () => f.get(C),
    1,
    () => {
      // Lane l's plane: channel c of sample l at row pad, column pad, zeros around (and everywhere for a missing sample).
      f.forRange(
        l,
        () => f.i32(0),
        () => f.i32(4),
        1,
        () => {
          f.get(planes);
          f.get(l);
          f.get(planeBytes);
          f.op(op.i32Mul);
          f.op(op.i32Add);
          f.tee(dst);
          f.i32(0);
          f.get(planeBytes);
          f.memoryFill();
          f.get(l);
          f.get(lanes);
          f.op(op.i32LtS);
          f.if(() => {
            f.get(x);
            f.get(l);
            f.get(sampleBytes);
            f.op(op.i32Mul);
            f.op(op.i32Add);
            f.get(c);
            f.get(H);
            f.op(op.i32Mul);
            f.get(W);
            f.op(op.i32Mul);
            f.i32(2);
            f.op(op.i32Shl);
            f.op(op.i32Add);
            f.set(src);
            advance(f, dst, () => {
              f.get(pad);
              f.get(Wp);
              f.op(op.i32Mul);
              f.get(pad);
              f.op(op.i32Add);
              f.i32(2);
              f.op(op.i32Shl);
            });
            f.forRange(
              r,
              () => f.i32(0),
              () => f.get(H),
              1,
              () => {
                copyFloats(f, dst, src, W, j, n4);
                advance(f, src, () => bytesOf(f, W));
                advance(f, dst, () => f.get(rowBytes));
              },
            );
          });
        },
      );
      f.get(vc);
      f.set(out);
      f.forRange(
        ty,
        () => f.i32(0),
        () => f.get(TH),
        1,
        () => {
          f.forRange(
            tx,
            () => f.i32(0),
            () => f.get(TW),
            1,
            () => {
              // row = planes + 4·(4ty·Wp + 4tx): the patch's top-left pixel in lane 0's plane.
              f.get(ty);
              f.get(Wp);
              f.op(op.i32Mul);
              f.get(tx);
              f.op(op.i32Add);
              f.i32(4);
              f.op(op.i32Shl);
              f.get(planes);
              f.op(op.i32Add);
              f.set(row);
              // Each patch row as it is loaded: d = its six pixels in each lane's sample, t[i] = d B (by rows).
              for (let i = 0; i < 6; i++) {
                for (let L = 0; L < 4; L++) {
                  for (const [to, offset] of [
                    [a[L], 0],
                    [b[L], 16],
                  ]) {
                    f.get(row);
                    if (L > 0) {
                      f.get(pb[L - 1]);
                      f.op(op.i32Add);
                    }
                    f.v128Load(offset);
                    f.set(to);
                  }
                }
                transpose(f, a, d.slice(0, 4), s);
                transpose(f, b, d.slice(4, 6), s);
                inputTransform(f, k, d, t.slice(6 * i, 6 * i + 6), p, q);
                if (i < 5) advance(f, row, () => f.get(rowBytes));
              }
              // V = Bᵀ t (by columns): column j's six values are V[ξ = 6i + j], stored at out + (6i + j)·xs.
              f.get(out);
              f.set(ptr);
              for (let jj = 0; jj < 6; jj++) {
                inputTransform(
                  f,
                  k,
                  [0, 1, 2, 3, 4, 5].map((i) => t[6 * i + jj]),
                  d,
                  p,
                  q,
                );
                for (let i = 0; i < 6; i++) {
                  f.get(ptr);
                  if (i > 0) {
                    f.get(rowStride[i - 1]);
                    f.op(op.i32Add);
                  }
                  f.get(d[i]);
                  f.v128Store();
                }
                if (jj < 5) advance(f, ptr, () => f.get(xs));
              }
              advance(f, out, () => f.i32(16));
            },
          );
        },
      );
      advance(f, vc, () => bytesOf(f, NT));
    },
  );
  return f;
}
