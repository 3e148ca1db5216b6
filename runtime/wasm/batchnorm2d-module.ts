import { FunctionBuilder, I32, V128, assembleModule, simdOp } from "./encode.ts";
import { at, forPlanes, lanes, planeSums } from "./emit-loops.ts";

/*
 * BatchNorm2d's passes over x[B, C, S] in f32x4 lanes. Reductions produce one float64 partial sum
 * per plane (b, c) — f32 lanes flushed into f64 every 1024 elements — and the caller adds the B
 * partials of each channel in float64, in b order, so the statistics are as exact as the
 * TypeScript reference's up to f32 rounding inside a chunk. Per-channel operands (mean, invStd,
 * gamma, …) are f32[C] arrays the caller fills.
 *   sums(x, B, C, S, out)                          out[b·C + c] = Σ_p x
 *   sq_dev(x, B, C, S, mean, out)                   out[b·C + c] = Σ_p (x − mean[c])²
 *   train_apply(x, y, xhat, B, C, S, mean, inv, gamma, beta)
 *                                                  xhat = (x − mean)·inv, y = xhat·gamma + beta
 *   affine(x, y, B, C, S, scale, shift, relu)       y = x·scale + shift, then ReLU when relu ≠ 0
 *   grad_sums(dy, xhat, B, C, S, out0, out1)        out0 = Σ_p dy, out1 = Σ_p dy·xhat
 *   grad_apply(dy, xhat, dx, B, C, S, k, m0, m1)    dx = k·(dy − m0 − xhat·m1)   (dx may alias dy)
 * Every `out` is f64[B·C]; addresses are bytes.
 */

const splat = (f: FunctionBuilder, arr: number, c4: number, into: number): void => {
  at(f, arr, c4);
  f.v128Load32Splat();
  f.set(into);
};
const scalar = (f: FunctionBuilder, arr: number, c4: number): void => {
  at(f, arr, c4);
  f.f32Load();
};

function emitSums(): FunctionBuilder {
  const f = new FunctionBuilder("sums", [I32, I32, I32, I32, I32]);
  const [x, B, C, S, out] = [0, 1, 2, 3, 4];
  const base = f.local(I32),
    o = f.local(I32);
  f.get(out);
  f.set(o);
  forPlanes(f, B, C, S, (plane) => {
    f.get(x);
    f.get(plane);
    f.op(0x6a);
    f.set(base);
    const [t] = planeSums(f, S, [
      (vec, off) => {
        at(f, base, off);
        if (vec) f.v128Load();
        else f.f32Load();
      },
    ]);
    f.get(o);
    f.get(t);
    f.f64Store();
    f.get(o);
    f.i32(8);
    f.op(0x6a);
    f.set(o);
  });
  return f;
}

function emitSqDev(): FunctionBuilder {
  const f = new FunctionBuilder("sq_dev", [I32, I32, I32, I32, I32, I32]);
  const [x, B, C, S, mean, out] = [0, 1, 2, 3, 4, 5];
  const base = f.local(I32),
    o = f.local(I32),
    mv = f.local(V128),
    d = f.local(V128);
  const ms = f.local(0x7d),
    ds = f.local(0x7d);
  f.get(out);
  f.set(o);
  forPlanes(f, B, C, S, (plane, c4) => {
    f.get(x);
    f.get(plane);
    f.op(0x6a);
    f.set(base);
    splat(f, mean, c4, mv);
    scalar(f, mean, c4);
    f.set(ms);
    const [t] = planeSums(f, S, [
      (vec, off) => {
        at(f, base, off);
        if (vec) {
          f.v128Load();
          f.get(mv);
          f.simd(simdOp.f32x4Sub);
          f.tee(d);
          f.get(d);
          f.simd(simdOp.f32x4Mul);
        } else {
          f.f32Load();
          f.get(ms);
          f.op(0x93);
          f.tee(ds);
          f.get(ds);
          f.op(0x94);
        }
      },
    ]);
    f.get(o);
    f.get(t);
    f.f64Store();
    f.get(o);
    f.i32(8);
    f.op(0x6a);
    f.set(o);
  });
  return f;
}

function emitTrainApply(): FunctionBuilder {
  const f = new FunctionBuilder("train_apply", [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [x, y, xhat, B, C, S, mean, inv, gamma, beta] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [mv, iv, gv, bv, h] = [f.local(V128), f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  const [ms, is, gs, bs, hs] = [f.local(0x7d), f.local(0x7d), f.local(0x7d), f.local(0x7d), f.local(0x7d)];
  const px = f.local(I32),
    py = f.local(I32),
    ph = f.local(I32);
  forPlanes(f, B, C, S, (plane, c4) => {
    splat(f, mean, c4, mv);
    splat(f, inv, c4, iv);
    splat(f, gamma, c4, gv);
    splat(f, beta, c4, bv);
    scalar(f, mean, c4);
    f.set(ms);
    scalar(f, inv, c4);
    f.set(is);
    scalar(f, gamma, c4);
    f.set(gs);
    scalar(f, beta, c4);
    f.set(bs);
    f.get(x);
    f.get(plane);
    f.op(0x6a);
    f.set(px);
    f.get(y);
    f.get(plane);
    f.op(0x6a);
    f.set(py);
    f.get(xhat);
    f.get(plane);
    f.op(0x6a);
    f.set(ph);
    lanes(f, S, (vec, off) => {
      if (vec) {
        at(f, ph, off);
        at(f, px, off);
        f.v128Load();
        f.get(mv);
        f.simd(simdOp.f32x4Sub);
        f.get(iv);
        f.simd(simdOp.f32x4Mul);
        f.tee(h);
        f.v128Store();
        at(f, py, off);
        f.get(h);
        f.get(gv);
        f.simd(simdOp.f32x4Mul);
        f.get(bv);
        f.simd(simdOp.f32x4Add);
        f.v128Store();
      } else {
        at(f, ph, off);
        at(f, px, off);
        f.f32Load();
        f.get(ms);
        f.op(0x93);
        f.get(is);
        f.op(0x94);
        f.tee(hs);
        f.f32Store();
        at(f, py, off);
        f.get(hs);
        f.get(gs);
        f.op(0x94);
        f.get(bs);
        f.op(0x92);
        f.f32Store();
      }
    });
  });
  return f;
}

function emitAffine(): FunctionBuilder {
  const f = new FunctionBuilder("affine", [I32, I32, I32, I32, I32, I32, I32, I32]);
  const [x, y, B, C, S, scale, shift, relu] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [av, bv, v, zero, keep] = [f.local(V128), f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  const [as, bs, s] = [f.local(0x7d), f.local(0x7d), f.local(0x7d)];
  const px = f.local(I32),
    py = f.local(I32);
  // Each lane is kept where (v > 0) | keep: keep is all ones without ReLU (i32x4.splat(relu − 1)), zero with it.
  f.v128Zero();
  f.set(zero);
  f.get(relu);
  f.i32(1);
  f.op(0x6b);
  f.simd(0x11);
  f.set(keep);
  forPlanes(f, B, C, S, (plane, c4) => {
    splat(f, scale, c4, av);
    splat(f, shift, c4, bv);
    scalar(f, scale, c4);
    f.set(as);
    scalar(f, shift, c4);
    f.set(bs);
    f.get(x);
    f.get(plane);
    f.op(0x6a);
    f.set(px);
    f.get(y);
    f.get(plane);
    f.op(0x6a);
    f.set(py);
    lanes(f, S, (vec, off) => {
      at(f, py, off);
      if (vec) {
        at(f, px, off);
        f.v128Load();
        f.get(av);
        f.simd(simdOp.f32x4Mul);
        f.get(bv);
        f.simd(simdOp.f32x4Add);
        f.set(v);
        f.get(v);
        f.get(v);
        f.get(zero);
        f.simd(simdOp.f32x4Gt);
        f.get(keep);
        f.simd(simdOp.v128Or);
        f.simd(simdOp.v128And);
        f.v128Store();
      } else {
        at(f, px, off);
        f.f32Load();
        f.get(as);
        f.op(0x94);
        f.get(bs);
        f.op(0x92);
        f.set(s);
        // relu: s > 0 ? s : 0; else s
        f.get(s);
        f.f32(0);
        f.get(s);
        f.f32(0);
        f.op(0x5e);
        f.get(relu);
        f.op(0x45);
        f.op(0x72);
        f.select();
        f.f32Store();
      }
    });
  });
  return f;
}

function emitGradSums(): FunctionBuilder {
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

function emitGradApply(): FunctionBuilder {
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

/** The module's bytes; exports sums, sq_dev, train_apply, affine, grad_sums, grad_apply. */
export function batchNorm2dModuleBytes(): Uint8Array {
  return assembleModule([emitSums(), emitSqDev(), emitTrainApply(), emitAffine(), emitGradSums(), emitGradApply()]);
}
