/**
 * runtime/layers: a layer object (Dense, Conv2d, BatchNorm) over views of flat buffers computes exactly what
 * the kernel calls it replaced did over the same buffers at offsets — the generated code switched to these
 * objects, and every checkpoint must stay byte-identical. Float32 Arena buffers, so the SIMD kernels run
 * where the machine has them.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { Arena } from "../../../runtime/arena.ts";
import { BatchNorm, Conv2d, Dense, Dropout, Dropout2d, Maxout, Pool2d } from "../../../runtime/layers/index.ts";
import { Rng } from "../../../runtime/rng.ts";
import { dropoutBackward, dropoutForward } from "../../../runtime/kernels/dropout.ts";
import { dropout2dBackward, dropout2dForward } from "../../../runtime/kernels/dropout2d.ts";
import { maxoutBackward, maxoutForward } from "../../../runtime/kernels/activations.ts";
import { maxPoolBackward, maxPoolForward } from "../../../runtime/dispatch/pool.ts";
import { avgPoolBackward, avgPoolForward, type PoolGeometry } from "../../../runtime/kernels/pool.ts";
import { matmulNN, matmulNT, matmulTN } from "../../../runtime/dispatch/gemm.ts";
import { biasGrad } from "../../../runtime/kernels/gemm.ts";
import { reluBackward, reluForward } from "../../../runtime/dispatch/activations.ts";
import { conv2dBackward, conv2dForward } from "../../../runtime/dispatch/conv.ts";
import * as perChannel from "../../../runtime/dispatch/batchnorm2d.ts";
import * as perFeature from "../../../runtime/kernels/batchnorm.ts";
import type { ConvGeometry } from "../../../runtime/kernels/conv.ts";
import { randomArray } from "../kernels/gradcheck.ts";

/** The two sides compared: the kernel calls at offsets, and the layer object over views. Each has one arena. */
let arenas: [Arena, Arena] = [new Arena(0), new Arena(0)];

/** The same `size` random floats in each side's arena. */
function twin(size: number, seed: number): [Float32Array, Float32Array] {
  const values = randomArray(size, seed);
  return arenas.map((arena) => {
    const a = arena.floats("f32", size) as Float32Array;
    a.set(values);
    return a;
  }) as [Float32Array, Float32Array];
}

describe("layer objects compute what the kernel calls they replace computed", () => {
  beforeEach(() => {
    arenas = [new Arena(0), new Arena(0)];
  });

  it("Dense forward (with fused ReLU) and backward over views equal matmul calls at offsets", () => {
    const [I, O, n, off] = [7, 5, 3, 11];
    const [P1, P2] = twin(off + O * I + O + 4, 1);
    const [G1, G2] = twin(off + O * I + O + 4, 2);
    const [x1, x2] = twin(n * I, 3);
    const [y1, y2] = twin(n * O, 4);
    const [dy1, dy2] = twin(n * O, 5);
    const [dx1, dx2] = twin(n * I, 6);
    const w = off,
      b = off + O * I;
    matmulNT(n, O, I, x1, 0, P1, w, y1, 0, P1, b, true, false);
    reluBackward(y1, 0, dy1, 0, dy1, 0, n * O);
    matmulTN(O, I, n, dy1, 0, x1, 0, G1, w, true);
    biasGrad(n, O, dy1, 0, G1, b, true);
    matmulNN(n, I, O, dy1, 0, P1, w, dx1, 0, false);
    const dense = new Dense({
      inputs: I,
      outputs: O,
      relu: true,
      weight: P2.subarray(w, w + O * I),
      bias: P2.subarray(b, b + O),
      weightGrad: G2.subarray(w, w + O * I),
      biasGrad: G2.subarray(b, b + O),
    });
    dense.forward(n, x2, y2);
    dense.backward(n, x2, y2, dy2, dx2);
    expect([...y2]).toEqual([...y1]);
    expect([...G2]).toEqual([...G1]);
    expect([...dx2]).toEqual([...dx1]);
    expect([...dy2]).toEqual([...dy1]);
  });

  it("Conv2d forward (with fused ReLU) and backward over views equal conv2d calls at offsets", () => {
    const g: ConvGeometry = { C: 2, H: 6, W: 5, O: 3, OH: 6, OW: 5, k: 3, stride: 1, pad: 1, dil: 1, groups: 1 };
    const n = 2;
    const wSize = g.O * g.C * g.k * g.k;
    const off = 9;
    const [P1, P2] = twin(off + wSize + g.O, 7);
    const [G1, G2] = twin(off + wSize + g.O, 8);
    const [x1, x2] = twin(n * g.C * g.H * g.W, 9);
    const [y1, y2] = twin(n * g.O * g.OH * g.OW, 10);
    const [dy1, dy2] = twin(n * g.O * g.OH * g.OW, 11);
    const [dx1, dx2] = twin(n * g.C * g.H * g.W, 12);
    const w = off,
      b = off + wSize;
    conv2dForward(n, g, x1, 0, P1, w, P1, b, y1, 0, true);
    reluBackward(y1, 0, dy1, 0, dy1, 0, n * g.O * g.OH * g.OW);
    conv2dBackward(n, g, x1, 0, P1, w, dy1, 0, G1, w, G1, b, dx1, 0);
    const conv = new Conv2d({
      geometry: g,
      relu: true,
      weight: P2.subarray(w, w + wSize),
      bias: P2.subarray(b, b + g.O),
      weightGrad: G2.subarray(w, w + wSize),
      biasGrad: G2.subarray(b, b + g.O),
    });
    conv.forward(n, x2, y2);
    conv.backward(n, x2, y2, dy2, dx2);
    expect([...y2]).toEqual([...y1]);
    expect([...G2]).toEqual([...G1]);
    expect([...dx2]).toEqual([...dx1]);
  });

  for (const spatial of [1, 6]) {
    it(`BatchNorm (${spatial === 1 ? "per feature" : "per channel, with fused ReLU"}) over views equals the kernel calls at offsets`, () => {
      const [C, n, off] = [4, 3, 5];
      const relu = spatial > 1;
      const size = n * C * spatial;
      const [P1, P2] = twin(off + 2 * C, 13);
      const [S1, S2] = twin(off + 2 * C, 14);
      for (const s of [S1, S2]) for (let i = 0; i < s.length; i++) s[i] = Math.abs(s[i]);
      const [G1, G2] = twin(off + 2 * C, 15);
      const [x1, x2] = twin(size, 16);
      const [y1, y2] = twin(size, 17);
      const [dy1, dy2] = twin(size, 18);
      const [dx1, dx2] = twin(size, 19);
      const [mean1, mean2] = twin(C, 20);
      const [inv1, inv2] = twin(C, 21);
      const [xh1, xh2] = twin(size, 22);
      const [e1, e2] = twin(size, 23);
      const [gm, bt, rm, rv] = [off, off + C, off, off + C];
      if (spatial === 1) {
        perFeature.batchNormForwardTrain(n, C, x1, 0, y1, 0, P1, gm, P1, bt, S1, rm, S1, rv, 0.1, 1e-5, mean1, 0, inv1, 0, xh1, 0);
        perFeature.batchNormForwardEval(n, C, x1, 0, e1, 0, P1, gm, P1, bt, S1, rm, S1, rv, 1e-5);
        perFeature.batchNormBackward(n, C, dy1, 0, xh1, 0, inv1, 0, P1, gm, dx1, 0, G1, gm, G1, bt, true);
      } else {
        perChannel.batchNorm2dForwardTrain(
          n,
          C,
          spatial,
          x1,
          0,
          y1,
          0,
          P1,
          gm,
          P1,
          bt,
          S1,
          rm,
          S1,
          rv,
          0.1,
          1e-5,
          mean1,
          0,
          inv1,
          0,
          false,
        );
        reluForward(y1, 0, y1, 0, size);
        perChannel.batchNorm2dForwardEval(n, C, spatial, x1, 0, e1, 0, P1, gm, P1, bt, S1, rm, S1, rv, 1e-5, true);
        reluBackward(y1, 0, dy1, 0, dy1, 0, size);
        perChannel.batchNorm2dBackward(
          n,
          C,
          spatial,
          dy1,
          0,
          x1,
          0,
          mean1,
          0,
          inv1,
          0,
          P1,
          gm,
          P1,
          bt,
          dx1,
          0,
          G1,
          gm,
          G1,
          bt,
          true,
          null,
          0,
        );
      }
      const bn = new BatchNorm({
        features: C,
        spatial,
        momentum: 0.1,
        eps: 1e-5,
        relu,
        gamma: P2.subarray(gm, gm + C),
        beta: P2.subarray(bt, bt + C),
        runningMean: S2.subarray(rm, rm + C),
        runningVar: S2.subarray(rv, rv + C),
        gammaGrad: G2.subarray(gm, gm + C),
        betaGrad: G2.subarray(bt, bt + C),
        mean: mean2,
        invStd: inv2,
        xhat: spatial === 1 ? xh2 : null,
      });
      bn.forwardTrain(n, x2, y2);
      bn.forwardEval(n, x2, e2);
      bn.backward(n, x2, y2, dy2, dx2);
      for (const [a, b] of [
        [y2, y1],
        [e2, e1],
        [S2, S1],
        [G2, G1],
        [dx2, dx1],
        [xh2, xh1],
      ])
        expect([...a]).toEqual([...b]);
    });
  }

  for (const op of ["max", "avg"] as const) {
    it(`Pool2d (${op}) forward and backward equal the ${op}-pooling kernel calls`, () => {
      const g: PoolGeometry = { C: 3, H: 7, W: 6, OH: 3, OW: 3, k: 3, stride: 2, pad: 1 };
      const n = 2;
      const [inSize, outSize] = [n * g.C * g.H * g.W, n * g.C * g.OH * g.OW];
      const [x1, x2] = twin(inSize, 24);
      const [y1, y2] = twin(outSize, 25);
      const [dy1, dy2] = twin(outSize, 26);
      const [dx1, dx2] = twin(inSize, 27);
      const [a1, a2] = [new Int32Array(outSize), new Int32Array(outSize)];
      if (op === "max") {
        maxPoolForward(n, g, x1, 0, y1, 0, a1, 0);
        maxPoolBackward(n, g, dy1, 0, a1, 0, dx1, 0);
      } else {
        avgPoolForward(n, g, x1, 0, y1, 0);
        avgPoolBackward(n, g, dy1, 0, dx1, 0);
      }
      const pool = new Pool2d({ op, geometry: g, argmax: op === "max" ? a2 : null });
      pool.forward(n, x2, y2);
      pool.backward(n, dy2, dx2);
      expect([...y2]).toEqual([...y1]);
      expect([...a2]).toEqual([...a1]);
      expect([...dx2]).toEqual([...dx1]);
    });
  }

  it("Dropout and Dropout2d draw the same masks and gradients as the dropout kernels (same generator state)", () => {
    const [n, C, S] = [3, 4, 5];
    const size = n * C * S;
    const [x1, x2] = twin(size, 28);
    const [y1, y2] = twin(size, 29);
    const [dy1, dy2] = twin(size, 30);
    const [m1, m2] = twin(size, 31);
    const [c1, c2] = twin(n * C, 32);
    const [r1, r2] = [new Rng(5), new Rng(5)];
    dropoutForward(x1, 0, y1, 0, m1, 0, size, 0.3, r1);
    dropoutBackward(m1, 0, dy1, 0, dy1, 0, size);
    dropout2dForward(n, C, S, x1, 0, y1, 0, c1, 0, 0.4, r1);
    dropout2dBackward(n, C, S, c1, 0, dy1, 0, dy1, 0);
    const drop = new Dropout({ features: C * S, mask: m2 });
    const drop2d = new Dropout2d({ channels: C, spatial: S, p: 0.4, mask: c2 });
    drop.forwardTrain(n, x2, y2, 0.3, r2);
    drop.backward(n, dy2);
    drop2d.forwardTrain(n, x2, y2, r2);
    drop2d.backward(n, dy2);
    for (const [a, b] of [
      [y2, y1],
      [dy2, dy1],
      [m2, m1],
      [c2, c1],
    ])
      expect([...a]).toEqual([...b]);
    drop2d.forwardEval(n, x2, y2);
    expect([...y2]).toEqual([...x2]);
  });

  it("Maxout forward and backward equal the maxout kernel calls", () => {
    const [n, inputs, k] = [3, 12, 3];
    const [x1, x2] = twin(n * inputs, 33);
    const [y1, y2] = twin((n * inputs) / k, 34);
    const [dy1, dy2] = twin((n * inputs) / k, 35);
    const [dx1, dx2] = twin(n * inputs, 36);
    const [a1, a2] = [new Int32Array((n * inputs) / k), new Int32Array((n * inputs) / k)];
    maxoutForward(x1, 0, y1, 0, a1, n, inputs, k);
    maxoutBackward(a1, dy1, 0, dx1, 0, n, inputs, k);
    const maxout = new Maxout({ inputs, k, argmax: a2 });
    maxout.forward(n, x2, y2);
    maxout.backward(n, dy2, dx2);
    expect([...y2]).toEqual([...y1]);
    expect([...dx2]).toEqual([...dx1]);
  });
});
