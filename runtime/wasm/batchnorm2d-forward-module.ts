import { at, channelOperands, forPlanes, lanes, planeSums } from "./emit-loops.ts";
import { optionalRelu, reluLanes, reluScalar } from "./lane-ops.ts";
import { FunctionBuilder, I32, simdOp, V128 } from "./encode.ts";

/*
 * BatchNorm2d's forward passes (runtime/wasm/batchnorm2d-module.ts lists them): the per-plane sums and squared
 * deviations the statistics come from, the training-mode normalisation, and the affine map of evaluation.
 */

export function emitSums(): FunctionBuilder {
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

export function emitSqDev(): FunctionBuilder {
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
    channelOperands(f, c4, [[mean, mv, ms]]);
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

/**
 * y = xhat·gamma + beta with xhat = (x − mean)·inv. `train_apply(x, y, xhat, …)` also stores xhat (group and layer
 * norm read it back); batch norm's `train_normalise(x, y, …)` does not (its backward recomputes xhat from x, the
 * same bits), and `train_normalise_relu` then applies a ReLU: lanes that are not > 0 become +0 (NaN → 0, as
 * runtime/wasm/relu-module.ts).
 */
export function emitTrainApply(kind: "train_apply" | "train_normalise" | "train_normalise_relu"): FunctionBuilder {
  const keep = kind === "train_apply",
    relu = kind === "train_normalise_relu";
  const f = new FunctionBuilder(
    kind,
    keep ? [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32] : [I32, I32, I32, I32, I32, I32, I32, I32, I32],
  );
  const [x, y, xhat, B, C, S, mean, inv, gamma, beta] = keep ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] : [0, 1, -1, 2, 3, 4, 5, 6, 7, 8];
  const [mv, iv, gv, bv, h] = [f.local(V128), f.local(V128), f.local(V128), f.local(V128), f.local(V128)];
  const [ms, is, gs, bs, hs] = [f.local(0x7d), f.local(0x7d), f.local(0x7d), f.local(0x7d), f.local(0x7d)];
  const px = f.local(I32),
    py = f.local(I32),
    ph = f.local(I32);
  forPlanes(f, B, C, S, (plane, c4) => {
    channelOperands(f, c4, [
      [mean, mv, ms],
      [inv, iv, is],
      [gamma, gv, gs],
      [beta, bv, bs],
    ]);
    const planes = keep
      ? [
          [x, px],
          [y, py],
          [xhat, ph],
        ]
      : [
          [x, px],
          [y, py],
        ];
    for (const [base, into] of planes) {
      f.get(base);
      f.get(plane);
      f.op(0x6a);
      f.set(into);
    }
    lanes(f, S, (vec, off) => {
      if (keep) at(f, ph, off);
      at(f, px, off);
      if (vec) {
        f.v128Load();
        f.get(mv);
        f.simd(simdOp.f32x4Sub);
        f.get(iv);
        f.simd(simdOp.f32x4Mul);
        if (keep) {
          f.tee(h);
          f.v128Store();
        } else f.set(h);
        at(f, py, off);
        f.get(h);
        f.get(gv);
        f.simd(simdOp.f32x4Mul);
        f.get(bv);
        f.simd(simdOp.f32x4Add);
        if (relu) reluLanes(f, h);
        f.v128Store();
      } else {
        f.f32Load();
        f.get(ms);
        f.op(0x93);
        f.get(is);
        f.op(0x94);
        if (keep) {
          f.tee(hs);
          f.f32Store();
        } else f.set(hs);
        at(f, py, off);
        f.get(hs);
        f.get(gs);
        f.op(0x94);
        f.get(bs);
        f.op(0x92);
        if (relu) reluScalar(f, hs);
        f.f32Store();
      }
    });
  });
  return f;
}

export function emitAffine(): FunctionBuilder {
  const f = new FunctionBuilder("affine", [I32, I32, I32, I32, I32, I32, I32, I32]);
  const [x, y, B, C, S, scale, shift, relu] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [av, bv] = [f.local(V128), f.local(V128)];
  const clip = optionalRelu(f, relu);
  const [as, bs, s] = [f.local(0x7d), f.local(0x7d), f.local(0x7d)];
  const px = f.local(I32),
    py = f.local(I32);
  clip.start();
  forPlanes(f, B, C, S, (plane, c4) => {
    channelOperands(f, c4, [
      [scale, av, as],
      [shift, bv, bs],
    ]);
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
        clip.apply();
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
