import { FunctionBuilder, I32, op, simdOp, V128 } from "./encode.ts";
import { forTiles } from "./emit-loops.ts";
import { evenLanes, oddLanes } from "./lane-ops.ts";
import { combine, copyFloats } from "./winograd-lanes.ts";

/* winogradInput: V = Bᵀ d B of every 4×4 input patch (runtime/wasm/winograd-module.ts gives the layout). */

export function emitInput(): FunctionBuilder {
  const f = new FunctionBuilder("winogradInput", [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [x, plane, V, C, H, W, pad, TH, TWp, NT, stride] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const c = f.local(I32),
    r = f.local(I32),
    ty = f.local(I32),
    tx = f.local(I32),
    j = f.local(I32),
    n4 = f.local(I32);
  const Wp = f.local(I32),
    planeBytes = f.local(I32),
    xiStride = f.local(I32),
    src = f.local(I32),
    dst = f.local(I32);
  const patch = f.local(I32),
    out = f.local(I32),
    vc = f.local(I32);
  const [a, b, e] = [f.local(V128), f.local(V128), f.local(V128)];
  const d = Array.from({ length: 16 }, () => f.local(V128));
  const t = Array.from({ length: 16 }, () => f.local(V128));
  const s = Array.from({ length: 4 }, () => f.local(V128));
  f.get(TWp);
  f.i32(1);
  f.op(op.i32Shl);
  f.i32(4);
  f.op(op.i32Add);
  f.set(Wp);
  f.get(TH);
  f.i32(1);
  f.op(op.i32Shl);
  f.i32(2);
  f.op(op.i32Add);
  f.get(Wp);
  f.op(op.i32Mul);
  f.i32(2);
  f.op(op.i32Shl);
  f.set(planeBytes);
  f.get(stride);
  f.i32(2);
  f.op(op.i32Shl);
  f.set(xiStride);
  f.get(x);
  f.set(src);
  f.get(V);
  f.set(vc);
  f.forRange(
    c,
    () => f.i32(0),
    () => f.get(C),
    1,
    () => {
      f.get(plane);
      f.i32(0);
      f.get(planeBytes);
      f.memoryFill();
      // dst = plane + 4·(pad·Wp + pad)
      f.get(pad);
      f.get(Wp);
      f.op(op.i32Mul);
      f.get(pad);
      f.op(op.i32Add);
      f.set(dst);
      f.get(plane);
      f.get(dst);
      f.i32(2);
      f.op(op.i32Shl);
      f.op(op.i32Add);
      f.set(dst);
      f.forRange(
        r,
        () => f.i32(0),
        () => f.get(H),
        1,
        () => {
          copyFloats(f, dst, src, W, j, n4);
          f.get(src);
          f.get(W);
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
          f.set(src);
          f.get(dst);
          f.get(Wp);
          f.i32(2);
          f.op(op.i32Shl);
          f.op(op.i32Add);
          f.set(dst);
        },
      );
      f.get(vc);
      f.set(out);
      forTiles(f, ty, tx, TH, TWp, 4, () => {
        // patch = plane + 4·(2·ty·Wp + 2·tx): the top-left pixel of tile tx's patch.
        f.get(ty);
        f.get(Wp);
        f.op(op.i32Mul);
        f.get(tx);
        f.op(op.i32Add);
        f.i32(3);
        f.op(op.i32Shl);
        f.get(plane);
        f.op(op.i32Add);
        f.set(patch);
        // Patch row i of tiles tx…tx+3 is plane row 2ty + i, columns 2tx … 2tx + 10: d[i][j] gathers
        // column 2(tx + lane) + j for the four lanes by shuffling three consecutive vectors.
        for (let i = 0; i < 4; i++) {
          f.get(patch);
          f.v128Load(0);
          f.set(a);
          f.get(patch);
          f.v128Load(16);
          f.set(b);
          f.get(patch);
          f.v128Load(32);
          f.set(e);
          evenLanes(f, a, b);
          f.set(d[4 * i]);
          oddLanes(f, a, b);
          f.set(d[4 * i + 1]);
          f.get(d[4 * i]);
          evenLanes(f, b, e);
          f.shuffle32([1, 2, 3, 6]);
          f.set(d[4 * i + 2]);
          f.get(d[4 * i + 1]);
          oddLanes(f, b, e);
          f.shuffle32([1, 2, 3, 6]);
          f.set(d[4 * i + 3]);
          if (i < 3) {
            f.get(patch);
            f.get(Wp);
            f.i32(2);
            f.op(op.i32Shl);
            f.op(op.i32Add);
            f.set(patch);
          }
        }
        // t = Bᵀ d (rows), then V = t B (columns).
        for (let jj = 0; jj < 4; jj++) {
          combine(f, t[jj], d[jj], d[8 + jj], simdOp.f32x4Sub);
          combine(f, t[4 + jj], d[4 + jj], d[8 + jj], simdOp.f32x4Add);
          combine(f, t[8 + jj], d[8 + jj], d[4 + jj], simdOp.f32x4Sub);
          combine(f, t[12 + jj], d[4 + jj], d[12 + jj], simdOp.f32x4Sub);
        }
        for (let i = 0; i < 4; i++) {
          combine(f, s[0], t[4 * i], t[4 * i + 2], simdOp.f32x4Sub);
          combine(f, s[1], t[4 * i + 1], t[4 * i + 2], simdOp.f32x4Add);
          combine(f, s[2], t[4 * i + 2], t[4 * i + 1], simdOp.f32x4Sub);
          combine(f, s[3], t[4 * i + 1], t[4 * i + 3], simdOp.f32x4Sub);
          for (let jj = 0; jj < 4; jj++) {
            // V[ξ = 4i + jj] at out + ξ·xiStride
            f.get(out);
            f.get(xiStride);
            f.i32(4 * i + jj);
            f.op(op.i32Mul);
            f.op(op.i32Add);
            f.get(s[jj]);
            f.v128Store();
          }
        }
        f.get(out);
        f.i32(16);
        f.op(op.i32Add);
        f.set(out);
      });
      f.get(vc);
      f.get(NT);
      f.i32(2);
      f.op(op.i32Shl);
      f.op(op.i32Add);
      f.set(vc);
    },
  );
  return f;
}
