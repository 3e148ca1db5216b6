import { FunctionBuilder, I32, op, simdOp, V128 } from "./encode.ts";
import { forTiles } from "./emit-loops.ts";
import { biasRelu, combine, copyFloats, tileRowCell } from "./winograd-lanes.ts";

/*
 * winogradOutput: Y = Aᵀ m A of every tile's 16 products, with bias and ReLU (runtime/wasm/winograd-module.ts
 * gives the layout).
 */

export function emitOutput(): FunctionBuilder {
  const f = new FunctionBuilder("winogradOutput", [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [M, plane, y, O, OH, OW, TH, TWp, NT, bias, relu, stride] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const o = f.local(I32),
    r = f.local(I32),
    ty = f.local(I32),
    tx = f.local(I32),
    j = f.local(I32),
    n4 = f.local(I32);
  const Wq = f.local(I32),
    xiStride = f.local(I32),
    src = f.local(I32),
    dst = f.local(I32),
    from = f.local(I32),
    mo = f.local(I32),
    cell = f.local(I32);
  const epilogue = biasRelu(f, bias, relu);
  const m = Array.from({ length: 16 }, () => f.local(V128));
  const R = Array.from({ length: 8 }, () => f.local(V128));
  const Y = Array.from({ length: 4 }, () => f.local(V128));
  f.get(TWp);
  f.i32(1);
  f.op(op.i32Shl);
  f.set(Wq);
  f.get(stride);
  f.i32(2);
  f.op(op.i32Shl);
  f.set(xiStride);
  epilogue.start();
  f.get(M);
  f.set(mo);
  f.get(y);
  f.set(dst);
  f.forRange(
    o,
    () => f.i32(0),
    () => f.get(O),
    1,
    () => {
      epilogue.channel(o);
      f.get(mo);
      f.set(from);
      forTiles(f, ty, tx, TH, TWp, 4, () => {
        for (let xi = 0; xi < 16; xi++) {
          f.get(from);
          f.get(xiStride);
          f.i32(xi);
          f.op(op.i32Mul);
          f.op(op.i32Add);
          f.v128Load();
          f.set(m[xi]);
        }
        // R = Aᵀ m (two rows of four columns), then Y = R A.
        for (let jj = 0; jj < 4; jj++) {
          combine(f, R[jj], m[jj], m[4 + jj], simdOp.f32x4Add);
          combine(f, R[jj], R[jj], m[8 + jj], simdOp.f32x4Add);
          combine(f, R[4 + jj], m[4 + jj], m[8 + jj], simdOp.f32x4Sub);
          combine(f, R[4 + jj], R[4 + jj], m[12 + jj], simdOp.f32x4Sub);
        }
        for (let i = 0; i < 2; i++) {
          combine(f, Y[2 * i], R[4 * i], R[4 * i + 1], simdOp.f32x4Add);
          combine(f, Y[2 * i], Y[2 * i], R[4 * i + 2], simdOp.f32x4Add);
          combine(f, Y[2 * i + 1], R[4 * i + 1], R[4 * i + 2], simdOp.f32x4Sub);
          combine(f, Y[2 * i + 1], Y[2 * i + 1], R[4 * i + 3], simdOp.f32x4Sub);
        }
        for (const q of Y) epilogue.apply(q);
        // Output rows 2ty and 2ty + 1, columns 2tx … 2tx + 7: the two columns of each tile interleaved.
        for (let i = 0; i < 2; i++) {
          tileRowCell(f, plane, ty, tx, i, Wq, cell);
          f.get(cell);
          f.get(Y[2 * i]);
          f.get(Y[2 * i + 1]);
          f.shuffle32([0, 4, 1, 5]);
          f.v128Store(0);
          f.get(cell);
          f.get(Y[2 * i]);
          f.get(Y[2 * i + 1]);
          f.shuffle32([2, 6, 3, 7]);
          f.v128Store(16);
        }
        f.get(from);
        f.i32(16);
        f.op(op.i32Add);
        f.set(from);
      });
      f.get(plane);
      f.set(src);
      f.forRange(
        r,
        () => f.i32(0),
        () => f.get(OH),
        1,
        () => {
          copyFloats(f, dst, src, OW, j, n4);
          f.get(src);
          f.get(Wq);
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
          f.set(src);
          f.get(dst);
          f.get(OW);
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
          f.set(dst);
        },
      );
      f.get(mo);
      f.get(NT);
      f.i32(2);
      f.op(op.i32Shl);
      f.op(op.i32Add);
      f.set(mo);
    },
  );
  return f;
}
