import { F32, FunctionBuilder, I32, op, simdOp, V128 } from "./encode.ts";
import { optionalRelu } from "./lane-ops.ts";

/*
 * permute(src, dst, A, B, P, bias, relu): dst[b, a, :] = src[a, b, :] (+ bias[a]) (then ReLU), the axis swap
 * between a batched product's [O, n, P] and NCHW's [n, O, P], with the convolution's epilogue
 * (runtime/wasm/im2col-module.ts, whose module exports it).
 */

export function emitPermute(): FunctionBuilder {
  const f = new FunctionBuilder("permute", [I32, I32, I32, I32, I32, I32, I32]);
  const [src, dst, A, B, P, bias, relu] = [0, 1, 2, 3, 4, 5, 6];
  const [a, b, p] = [f.local(I32), f.local(I32), f.local(I32)];
  const from = f.local(I32),
    to = f.local(I32),
    p4 = f.local(I32),
    rowBytes = f.local(I32);
  const bv = f.local(V128);
  const clip = optionalRelu(f, relu);
  const [bs, s] = [f.local(F32), f.local(F32)];
  f.get(P);
  f.i32(-4);
  f.op(op.i32And);
  f.set(p4);
  f.get(P);
  f.i32(2);
  f.op(op.i32Shl);
  f.set(rowBytes);
  clip.start();
  f.get(src);
  f.set(from);
  f.forRange(
    a,
    () => f.i32(0),
    () => f.get(A),
    1,
    () => {
      f.f32(0);
      f.set(bs);
      f.get(bias);
      f.if(() => {
        f.get(bias);
        f.get(a);
        f.i32(2);
        f.op(op.i32Shl);
        f.op(op.i32Add);
        f.f32Load();
        f.set(bs);
      });
      f.get(bs);
      f.simd(simdOp.f32x4Splat);
      f.set(bv);
      f.forRange(
        b,
        () => f.i32(0),
        () => f.get(B),
        1,
        () => {
          // to = dst + ((b·A + a)·P)·4
          f.get(dst);
          f.get(b);
          f.get(A);
          f.op(op.i32Mul);
          f.get(a);
          f.op(op.i32Add);
          f.get(rowBytes);
          f.op(op.i32Mul);
          f.op(op.i32Add);
          f.set(to);
          f.forRange(
            p,
            () => f.i32(0),
            () => f.get(p4),
            4,
            () => {
              f.get(to);
              f.get(p);
              f.i32(2);
              f.op(op.i32Shl);
              f.op(op.i32Add);
              f.get(from);
              f.get(p);
              f.i32(2);
              f.op(op.i32Shl);
              f.op(op.i32Add);
              f.v128Load();
              f.get(bv);
              f.simd(simdOp.f32x4Add);
              clip.apply();
              f.v128Store();
            },
          );
          f.forRange(
            p,
            () => f.get(p4),
            () => f.get(P),
            1,
            () => {
              f.get(to);
              f.get(p);
              f.i32(2);
              f.op(op.i32Shl);
              f.op(op.i32Add);
              f.get(from);
              f.get(p);
              f.i32(2);
              f.op(op.i32Shl);
              f.op(op.i32Add);
              f.f32Load();
              f.get(bs);
              f.op(op.f32Add);
              f.tee(s);
              f.f32(0);
              f.get(s);
              f.f32(0);
              f.op(op.f32Gt);
              f.get(relu);
              f.op(op.i32Eqz);
              f.op(op.i32Or);
              f.select();
              f.f32Store();
            },
          );
          f.get(from);
          f.get(rowBytes);
          f.op(op.i32Add);
          f.set(from);
        },
      );
    },
  );
  return f;
}
