import { at, forPlanes, lanes, planeSums, scalar, splat } from "./emit-loops.ts";
import { FunctionBuilder, I32, simdOp, V128, type ValType } from "./encode.ts";

/* BatchNorm2d's backward passes (runtime/wasm/batchnorm2d-module.ts lists them): the two sums per plane, then dx. */

/**
 * out0 = Σ_p g, out1 = Σ_p g·xhat, where g = dy, or with `relu` (a ReLU after the batch norm) g = dy where
 * xhat·gamma + beta > 0 and 0 elsewhere: the forward pass's output is recomputed from the same f32 operands in
 * the same order (train_apply_relu), so the mask is the one runtime/wasm/relu-module.ts would take from y.
 */
export function emitGradSums(relu: boolean): FunctionBuilder {
  const f = new FunctionBuilder(
    relu ? "grad_sums_relu" : "grad_sums",
    relu ? [I32, I32, I32, I32, I32, I32, I32, I32, I32] : [I32, I32, I32, I32, I32, I32, I32],
  );
  const [dy, xhat, B, C, S, out0, out1, gamma, beta] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const pd = f.local(I32),
    ph = f.local(I32),
    o = f.local(I32);
  const mask = relu ? reluMask(f, gamma, beta) : null;
  f.i32(0);
  f.set(o);
  forPlanes(f, B, C, S, (plane, c4) => {
    mask?.perChannel(c4);
    f.get(dy);
    f.get(plane);
    f.op(0x6a);
    f.set(pd);
    f.get(xhat);
    f.get(plane);
    f.op(0x6a);
    f.set(ph);
    const [s0, s1] = planeSums(
      f,
      S,
      mask === null
        ? [
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
          ]
        : [
            // planeSums emits the terms in order for each element, so the second reuses the first's g and xhat.
            (vec, off) => {
              mask.compute(vec, pd, ph, off);
              mask.gradient(vec);
            },
            (vec) => {
              mask.gradient(vec);
              mask.xhat(vec);
              if (vec) f.simd(simdOp.f32x4Mul);
              else f.op(0x94);
            },
          ],
    );
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

/** dx = k·(g − m0 − xhat·m1), g as in emitGradSums; dx may alias dy. */
export function emitGradApply(relu: boolean): FunctionBuilder {
  const params: ValType[] = [I32, I32, I32, I32, I32, I32, I32, I32, I32];
  const f = new FunctionBuilder(relu ? "grad_apply_relu" : "grad_apply", relu ? [...params, I32, I32] : params);
  const [dy, xhat, dx, B, C, S, k, m0, m1, gamma, beta] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [kv, av, bv] = [f.local(V128), f.local(V128), f.local(V128)];
  const [ks, as, bs] = [f.local(0x7d), f.local(0x7d), f.local(0x7d)];
  const pd = f.local(I32),
    ph = f.local(I32),
    px = f.local(I32);
  const mask = relu ? reluMask(f, gamma, beta) : null;
  forPlanes(f, B, C, S, (plane, c4) => {
    mask?.perChannel(c4);
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
      if (mask !== null) mask.compute(vec, pd, ph, off);
      at(f, px, off);
      if (vec) {
        f.get(kv);
        if (mask !== null) mask.gradient(true);
        else {
          at(f, pd, off);
          f.v128Load();
        }
        f.get(av);
        f.simd(simdOp.f32x4Sub);
        if (mask !== null) mask.xhat(true);
        else {
          at(f, ph, off);
          f.v128Load();
        }
        f.get(bv);
        f.simd(simdOp.f32x4Mul);
        f.simd(simdOp.f32x4Sub);
        f.simd(simdOp.f32x4Mul);
        f.v128Store();
      } else {
        f.get(ks);
        if (mask !== null) mask.gradient(false);
        else {
          at(f, pd, off);
          f.f32Load();
        }
        f.get(as);
        f.op(0x93);
        if (mask !== null) mask.xhat(false);
        else {
          at(f, ph, off);
          f.f32Load();
        }
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

/**
 * The ReLU mask of a fused batch norm + ReLU, recomputed in backward: per channel, gamma and beta (byte
 * addresses of f32[C] operands) are loaded once; per element, compute() sets g = dy where xhat·gamma + beta > 0,
 * else 0, and keeps g and xhat in locals, which gradient() and xhat() push.
 */
function reluMask(f: FunctionBuilder, gamma: number, beta: number) {
  const [gv, bv, hv, dv] = [f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  const [gs, bs, hs, ds] = [f.local(0x7d), f.local(0x7d), f.local(0x7d), f.local(0x7d)];
  return {
    perChannel(c4: number): void {
      splat(f, gamma, c4, gv);
      splat(f, beta, c4, bv);
      scalar(f, gamma, c4);
      f.set(gs);
      scalar(f, beta, c4);
      f.set(bs);
    },
    compute(vec: boolean, pd: number, ph: number, off: number): void {
      if (vec) {
        at(f, pd, off);
        f.v128Load();
        at(f, ph, off);
        f.v128Load();
        f.tee(hv);
        f.get(gv);
        f.simd(simdOp.f32x4Mul);
        f.get(bv);
        f.simd(simdOp.f32x4Add);
        f.v128Zero();
        f.simd(simdOp.f32x4Gt);
        f.simd(simdOp.v128And);
        f.set(dv);
      } else {
        at(f, pd, off);
        f.f32Load();
        f.f32(0);
        at(f, ph, off);
        f.f32Load();
        f.tee(hs);
        f.get(gs);
        f.op(0x94);
        f.get(bs);
        f.op(0x92);
        f.f32(0);
        f.op(0x5e);
        f.select();
        f.set(ds);
      }
    },
    gradient(vec: boolean): void {
      f.get(vec ? dv : ds);
    },
    xhat(vec: boolean): void {
      f.get(vec ? hv : hs);
    },
  };
}
