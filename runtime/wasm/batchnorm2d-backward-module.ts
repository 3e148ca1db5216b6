import { at, forPlanes, lanes, planeSums, scalar, splat } from "./emit-loops.ts";
import { FunctionBuilder, I32, simdOp, V128 } from "./encode.ts";

/* BatchNorm2d's backward passes (runtime/wasm/batchnorm2d-module.ts lists them): the two sums per plane, then dx. */

export function emitGradSums(): FunctionBuilder {
  const f = new FunctionBuilder("grad_sums", [I32, I32, I32, I32, I32, I32, I32]);
  const [dy, xhat, B, C, S, out0, out1] = [0, 1, 2, 3, 4, 5, 6];
  const pd = f.local(I32),
    ph = f.local(I32),
    o = f.local(I32);
  f.i32(0);
  f.set(o);
  forPlanes(f, B, C, S, (plane) => {
    f.get(dy);
    f.get(plane);
    f.op(0x6a);
    f.set(pd);
    f.get(xhat);
    f.get(plane);
    f.op(0x6a);
    f.set(ph);
    const [s0, s1] = planeSums(f, S, [
      (vec, off) => {
        at(f, pd, off);
        if (vec) f.v128Load();
        else f.f32Load();
      },
      (vec, off) => {
        at(f, pd, off);
        if (vec) f.v128Load();
        else f.f32Load();
        at(f, ph, off);
        if (vec) {
          f.v128Load();
          f.simd(simdOp.f32x4Mul);
        } else {
          f.f32Load();
          f.op(0x94);
        }
      },
    ]);
    at(f, out0, o);
    f.get(s0);
    f.f64Store();
    at(f, out1, o);
    f.get(s1);
    f.f64Store();
    f.get(o);
    f.i32(8);
    f.op(0x6a);
    f.set(o);
  });
  return f;
}

export function emitGradApply(): FunctionBuilder {
  const f = new FunctionBuilder("grad_apply", [I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [dy, xhat, dx, B, C, S, k, m0, m1] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [kv, av, bv] = [f.local(V128), f.local(V128), f.local(V128)];
  const [ks, as, bs] = [f.local(0x7d), f.local(0x7d), f.local(0x7d)];
  const pd = f.local(I32),
    ph = f.local(I32),
    px = f.local(I32);
  forPlanes(f, B, C, S, (plane, c4) => {
    splat(f, k, c4, kv);
    splat(f, m0, c4, av);
    splat(f, m1, c4, bv);
    scalar(f, k, c4);
    f.set(ks);
    scalar(f, m0, c4);
    f.set(as);
    scalar(f, m1, c4);
    f.set(bs);
    f.get(dy);
    f.get(plane);
    f.op(0x6a);
    f.set(pd);
    f.get(xhat);
    f.get(plane);
    f.op(0x6a);
    f.set(ph);
    f.get(dx);
    f.get(plane);
    f.op(0x6a);
    f.set(px);
    lanes(f, S, (vec, off) => {
      at(f, px, off);
      if (vec) {
        f.get(kv);
        at(f, pd, off);
        f.v128Load();
        f.get(av);
        f.simd(simdOp.f32x4Sub);
        at(f, ph, off);
        f.v128Load();
        f.get(bv);
        f.simd(simdOp.f32x4Mul);
        f.simd(simdOp.f32x4Sub);
        f.simd(simdOp.f32x4Mul);
        f.v128Store();
      } else {
        f.get(ks);
        at(f, pd, off);
        f.f32Load();
        f.get(as);
        f.op(0x93);
        at(f, ph, off);
        f.f32Load();
        f.get(bs);
        f.op(0x94);
        f.op(0x93);
        f.op(0x94);
        f.f32Store();
      }
    });
  });
  return f;
}
