import { FunctionBuilder, I32, op, simdOp, V128 } from "./encode.ts";
import { forTiles } from "./emit-loops.ts";
import { evenLanes, oddLanes } from "./lane-ops.ts";
import { combine, copyFloats, tileRowCell } from "./winograd-lanes.ts";

/*
 * winogradGradient: A g Aᵀ of every 2×2 tile of dy, for the weight gradient (runtime/wasm/winograd-module.ts
 * gives the layout).
 */

export function emitGradient(): FunctionBuilder {
  const f = new FunctionBuilder("winogradGradient", [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [dy, plane, D, O, OH, OW, TH, TWp, NT, stride] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const o = f.local(I32),
    r = f.local(I32),
    ty = f.local(I32),
    tx = f.local(I32),
    j = f.local(I32),
    n4 = f.local(I32);
  const Wq = f.local(I32),
    planeBytes = f.local(I32),
    xiStride = f.local(I32),
    src = f.local(I32),
    dst = f.local(I32),
    to = f.local(I32),
    cell = f.local(I32);
  const [a, b] = [f.local(V128), f.local(V128)];
  const g = Array.from({ length: 4 }, () => f.local(V128));
  const R = Array.from({ length: 8 }, () => f.local(V128));
  f.get(TWp);
  f.i32(1);
  f.op(op.i32Shl);
  f.set(Wq);
  f.get(TH);
  f.i32(1);
  f.op(op.i32Shl);
  f.get(Wq);
  f.op(op.i32Mul);
  f.i32(2);
  f.op(op.i32Shl);
  f.set(planeBytes);
  f.get(stride);
  f.i32(2);
  f.op(op.i32Shl);
  f.set(xiStride);
  f.get(dy);
  f.set(src);
  f.get(D);
  f.set(to);
  f.forRange(
    o,
    () => f.i32(0),
    () => f.get(O),
    1,
    () => {
      // The plane holds dy[o] with zeros past OH and OW (odd sizes, padding tiles), so those terms vanish.
      f.get(plane);
      f.i32(0);
      f.get(planeBytes);
      f.memoryFill();
      f.get(plane);
      f.set(dst);
      f.forRange(
        r,
        () => f.i32(0),
        () => f.get(OH),
        1,
        () => {
          copyFloats(f, dst, src, OW, j, n4);
          f.get(src);
          f.get(OW);
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
          f.set(src);
          f.get(dst);
          f.get(Wq);
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
          f.set(dst);
        },
      );
      f.get(to);
      f.set(dst);
      forTiles(f, ty, tx, TH, TWp, 4, () => {
        // g[2i + jj] = dy[2ty + i][2(tx + lane) + jj] for the four lanes.
        for (let i = 0; i < 2; i++) {
          tileRowCell(f, plane, ty, tx, i, Wq, cell);
          f.get(cell);
          f.v128Load(0);
          f.set(a);
          f.get(cell);
          f.v128Load(16);
          f.set(b);
          evenLanes(f, a, b);
          f.set(g[2 * i]);
          oddLanes(f, a, b);
          f.set(g[2 * i + 1]);
        }
        // R = A g (4×2) with A = [1 0; 1 1; 1 −1; 0 −1] = (Aᵀ)ᵀ, then A g Aᵀ (4×4), stored as it is computed.
        for (let jj = 0; jj < 2; jj++) {
          f.get(g[jj]);
          f.set(R[jj]);
          combine(f, R[2 + jj], g[jj], g[2 + jj], simdOp.f32x4Add);
          combine(f, R[4 + jj], g[jj], g[2 + jj], simdOp.f32x4Sub);
          f.get(g[2 + jj]);
          f.simd(simdOp.f32x4Neg);
          f.set(R[6 + jj]);
        }
        for (let i = 0; i < 4; i++) {
          const [r0, r1] = [R[2 * i], R[2 * i + 1]];
          const put = (xi: number, value: () => void): void => {
            f.get(dst);
            f.get(xiStride);
            f.i32(xi);
            f.op(op.i32Mul);
            f.op(op.i32Add);
            value();
            f.v128Store();
          };
          put(4 * i, () => f.get(r0));
          put(4 * i + 1, () => {
            f.get(r0);
            f.get(r1);
            f.simd(simdOp.f32x4Add);
          });
          put(4 * i + 2, () => {
            f.get(r0);
            f.get(r1);
            f.simd(simdOp.f32x4Sub);
          });
          put(4 * i + 3, () => {
            f.get(r1);
            f.simd(simdOp.f32x4Neg);
          });
        }
        f.get(dst);
        f.i32(16);
        f.op(op.i32Add);
        f.set(dst);
      });
      f.get(to);
      f.get(NT);
      f.i32(2);
      f.op(op.i32Shl);
      f.op(op.i32Add);
      f.set(to);
    },
  );
  return f;
}
