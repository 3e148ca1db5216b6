import { type DirectConvShape, dimensions, forBlocks, forPaddedSamples, madd, pixelAddress } from "./direct-conv-loops.ts";
import { laneSum } from "./emit-loops.ts";
import { optionalRelu } from "./lane-ops.ts";
import { assembleModule, FunctionBuilder, I32, op, simdOp, V128 } from "./encode.ts";

export { type DirectConvShape, MAX_TAPS } from "./direct-conv-loops.ts";

/*
 * A convolution with few taps per output (C·k·k ≤ 9: a network's first layer on one-channel images), stride 1, in
 * lanes of four neighbouring output pixels. im2col + GEMM (conv.ts) multiplies a [O, 9] matrix by [9, m·P]
 * columns, a product too thin to reach the GEMM's rate, then swaps axes; here each sample is copied into a
 * zero-padded plane once, the taps' four-pixel vectors stay in registers while every output channel takes its
 * nine multiply-adds, and y is written in place. The module is emitted for one input shape (C, H, W, k, pad),
 * so every tap is a load at a constant offset from the output row's address.
 *
 *   forward(x, xp, w, bias, hasBias, y, n, O, relu)
 *       y[s, o] = Σ_t w[o, t]·x_t (+ bias[o]), then ReLU when relu ≠ 0, for the n samples at x and y
 *   weight_grad(x, xp, dy, part, n, O)
 *       part[s, o, t] = Σ_pixels dy[s, o]·x_t and part[s, o, T] = Σ_pixels dy[s, o], in float64: one row of
 *       T + 1 sums per sample and output channel, which the caller adds in sample order
 * xp is C·(H + 2·pad)·(W + 2·pad) floats of scratch. A row whose width is not a multiple of 4 ends with a block
 * that overlaps the one before it: forward writes those outputs twice with the same bits, weight_grad masks the
 * lanes it has already counted.
 */

function emitForward(s: DirectConvShape, fused: boolean): FunctionBuilder {
  const f = new FunctionBuilder("forward", [I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [x, xp, w, bias, hasBias, y, n, O, relu] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const { Wp, OH, OW, taps } = dimensions(s);
  const T = taps.length;
  const xv = taps.map(() => f.local(V128));
  const [acc, biasMask] = [f.local(V128), f.local(V128)];
  const clip = optionalRelu(f, relu);
  const [o, out, wo, bo, ys] = [f.local(I32), f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  // biasMask: all ones with a bias, zero without (bias then points at w).
  clip.start();
  f.i32(0);
  f.get(hasBias);
  f.op(op.i32Sub);
  f.simd(simdOp.i32x4Splat);
  f.set(biasMask);
  f.get(y);
  f.set(ys);
  forPaddedSamples(
    f,
    s,
    x,
    xp,
    n,
    () =>
      forBlocks(f, OH, OW, Wp, xp, (at, i, j0) => {
        taps.forEach((offset, t) => {
          f.get(at);
          f.v128Load(offset);
          f.set(xv[t]);
        });
        pixelAddress(f, ys, i, j0, OW, out);
        f.get(w);
        f.set(wo);
        f.get(bias);
        f.set(bo);
        f.forRange(
          o,
          () => f.i32(0),
          () => f.get(O),
          1,
          () => {
            f.get(bo);
            f.v128Load32Splat();
            f.get(biasMask);
            f.simd(simdOp.v128And);
            f.set(acc);
            for (let t = 0; t < T; t++) {
              madd(
                f,
                fused,
                () => f.get(xv[t]),
                () => {
                  f.get(wo);
                  f.v128Load32Splat(4 * t);
                },
                acc,
              );
              f.set(acc);
            }
            f.get(out);
            f.get(acc);
            clip.apply();
            f.v128Store();
            for (const [v, bytes] of [
              [out, 4 * OH * OW],
              [wo, 4 * T],
              [bo, 4],
            ]) {
              f.get(v);
              f.i32(bytes);
              f.op(op.i32Add);
              f.set(v);
            }
          },
        );
      }),
    () => {
      f.get(ys);
      f.get(O);
      f.i32(4 * OH * OW);
      f.op(op.i32Mul);
      f.op(op.i32Add);
      f.set(ys);
    },
  );
  return f;
}

function emitWeightGrad(s: DirectConvShape, fused: boolean): FunctionBuilder {
  const f = new FunctionBuilder("weight_grad", [I32, I32, I32, I32, I32, I32]);
  const [x, xp, dy, part, n, O] = [0, 1, 2, 3, 4, 5];
  const { Wp, OH, OW, taps } = dimensions(s);
  const T = taps.length;
  const acc = taps.map(() => f.local(V128));
  const [accB, dv] = [f.local(V128), f.local(V128)];
  const [o, dyo, dyAt, po] = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  // Lanes of the overlapping last block that the block before it has not counted: j0 + l ≥ 4·⌊OW/4⌋.
  const fresh = [0, 1, 2, 3].map((l) => (l >= 4 - (OW % 4) ? -1 : 0));
  f.get(dy);
  f.set(dyo);
  f.get(part);
  f.set(po);
  forPaddedSamples(
    f,
    s,
    x,
    xp,
    n,
    () =>
      f.forRange(
        o,
        () => f.i32(0),
        () => f.get(O),
        1,
        () => {
          for (const a of [...acc, accB]) {
            f.v128Zero();
            f.set(a);
          }
          forBlocks(f, OH, OW, Wp, xp, (at, i, j0, overlapping) => {
            pixelAddress(f, dyo, i, j0, OW, dyAt);
            f.get(dyAt);
            f.v128Load();
            if (overlapping) {
              f.v128I32(fresh);
              f.simd(simdOp.v128And);
            }
            f.tee(dv);
            f.get(accB);
            f.simd(simdOp.f32x4Add);
            f.set(accB);
            taps.forEach((offset, t) => {
              madd(
                f,
                fused,
                () => {
                  f.get(at);
                  f.v128Load(offset);
                },
                () => f.get(dv),
                acc[t],
              );
              f.set(acc[t]);
            });
          });
          [...acc, accB].forEach((a, t) => {
            f.get(po);
            laneSum(f, a);
            f.f64Store(8 * t);
          });
          for (const [v, bytes] of [
            [po, 8 * (T + 1)],
            [dyo, 4 * OH * OW],
          ]) {
            f.get(v);
            f.i32(bytes);
            f.op(op.i32Add);
            f.set(v);
          }
        },
      ),
    () => {},
  );
  return f;
}

/** The module's bytes for one input shape; exports forward and weight_grad. */
export function directConvModuleBytes(s: DirectConvShape, fused: boolean): Uint8Array {
  return assembleModule([emitForward(s, fused), emitWeightGrad(s, fused)]);
}
