import { FunctionBuilder, I32, op, V128 } from "./encode.ts";
import { copyFloats } from "./winograd-lanes.ts";
import { advance, bytesOf, gradientTransform, splatConstants, transpose } from "./winograd4-lanes.ts";

/*
 * winograd4Gradient: A g Aᵀ of every 4×4 tile of dy for four samples, for the weight gradient
 * (runtime/wasm/winograd4-module.ts gives the layout).
 */

export function emitGradient4(): FunctionBuilder {
  const f = new FunctionBuilder("winograd4Gradient", [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [dy, sampleBytes, lanes, planes, D, O, OH, OW, TH, TW, NT, stride] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const [o, l, r, ty, tx, j, n4] = Array.from({ length: 7 }, () => f.local(I32));
  const [Wq, rowBytes, planeBytes, xs, src, dst, to, ptr, cell] = Array.from({ length: 9 }, () => f.local(I32));
  const pb = [0, 1, 2].map(() => f.local(I32));
  const rowStride = [1, 2, 3, 4, 5].map(() => f.local(I32));
  const k = splatConstants(f, [2, 4]);
  const [p, q] = [f.local(V128), f.local(V128)];
  const a = Array.from({ length: 4 }, () => f.local(V128));
  const tmp = Array.from({ length: 4 }, () => f.local(V128));
  const g = Array.from({ length: 4 }, () => f.local(V128));
  const E = Array.from({ length: 24 }, () => f.local(V128));
  const Dv = Array.from({ length: 6 }, () => f.local(V128));
  f.get(TW);
  f.i32(2);
  f.op(op.i32Shl);
  f.set(Wq);
  bytesOf(f, Wq);
  f.set(rowBytes);
  f.get(TH);
  f.i32(2);
  f.op(op.i32Shl);
  f.get(rowBytes);
  f.op(op.i32Mul);
  f.set(planeBytes);
  pb.forEach((at, i) => {
    f.get(planeBytes);
    f.i32(i + 1);
    f.op(op.i32Mul);
    f.set(at);
  });
  bytesOf(f, stride);
  f.set(xs);
  rowStride.forEach((at, i) => {
    f.get(xs);
    f.i32(6 * (i + 1));
    f.op(op.i32Mul);
    f.set(at);
  });
  f.forRange(
    o,
    () => f.i32(0),
    () => f.get(O),
    1,
    () => {
      // Lane l's plane holds dy[l, o] with zeros past OH and OW (and everywhere for a missing sample), so those terms vanish.
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
            f.get(dy);
            f.get(l);
            f.get(sampleBytes);
            f.op(op.i32Mul);
            f.op(op.i32Add);
            f.get(o);
            f.get(OH);
            f.op(op.i32Mul);
            f.get(OW);
            f.op(op.i32Mul);
            f.i32(2);
            f.op(op.i32Shl);
            f.op(op.i32Add);
            f.set(src);
            f.forRange(
              r,
              () => f.i32(0),
              () => f.get(OH),
              1,
              () => {
                copyFloats(f, dst, src, OW, j, n4);
                advance(f, src, () => bytesOf(f, OW));
                advance(f, dst, () => f.get(rowBytes));
              },
            );
          });
        },
      );
      f.get(D);
      f.get(o);
      f.get(NT);
      f.op(op.i32Mul);
      f.i32(2);
      f.op(op.i32Shl);
      f.op(op.i32Add);
      f.set(to);
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
              f.get(ty);
              f.get(Wq);
              f.op(op.i32Mul);
              f.get(tx);
              f.op(op.i32Add);
              f.i32(4);
              f.op(op.i32Shl);
              f.get(planes);
              f.op(op.i32Add);
              f.set(cell);
              // Each row of the tile as it is loaded: g = its four pixels in each lane's sample, E[i] = (g Aᵀ)[i].
              for (let i = 0; i < 4; i++) {
                for (let L = 0; L < 4; L++) {
                  f.get(cell);
                  if (L > 0) {
                    f.get(pb[L - 1]);
                    f.op(op.i32Add);
                  }
                  f.v128Load();
                  f.set(a[L]);
                }
                transpose(f, a, g, tmp);
                gradientTransform(f, k, g, E.slice(6 * i, 6 * i + 6), p, q);
                if (i < 3) advance(f, cell, () => f.get(rowBytes));
              }
              // D = A E (by columns): column j's six values are D[ξ = 6i + j], stored at to + (6i + j)·xs.
              f.get(to);
              f.set(ptr);
              for (let jj = 0; jj < 6; jj++) {
                gradientTransform(
                  f,
                  k,
                  [0, 1, 2, 3].map((i) => E[6 * i + jj]),
                  Dv,
                  p,
                  q,
                );
                for (let i = 0; i < 6; i++) {
                  f.get(ptr);
                  if (i > 0) {
                    f.get(rowStride[i - 1]);
                    f.op(op.i32Add);
                  }
                  f.get(Dv[i]);
                  f.v128Store();
                }
                if (jj < 5) advance(f, ptr, () => f.get(xs));
              }
              advance(f, to, () => f.i32(16));
            },
          );
        },
      );
    },
  );
  return f;
}
