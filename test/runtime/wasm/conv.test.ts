import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Arena } from "../../../runtime/arena.ts";
import { conv2dBackward, conv2dForward } from "../../../runtime/dispatch/conv.ts";
import type { ConvGeometry } from "../../../runtime/kernels/conv.ts";
import { convThreads } from "../../../runtime/wasm/conv.ts";
import { simdEnabled } from "../../../runtime/wasm/simd.ts";
import { gemmThreads, setGemmThreads, stopHelpers } from "../../../runtime/wasm/threads.ts";
import { setWinogradMode, winogradMode } from "../../../runtime/wasm/winograd.ts";
import { randomArray } from "../kernels/gradcheck.ts";

/*
 * A float32 model's convolution runs on its Arena (SIMD GEMM, float32 sums); a float64 model's runs
 * the TypeScript reference. Both must compute the same convolution: every output, input gradient,
 * weight gradient and bias gradient agrees within float32 rounding of its sum. The inputs are
 * float32-representable, so the only difference is the precision of the sums.
 */

function geometry(
  C: number,
  H: number,
  W: number,
  O: number,
  k: number,
  stride: number,
  pad: number,
  dil: number,
  groups: number,
): ConvGeometry {
  const side = (s: number) => Math.floor((s + 2 * pad - dil * (k - 1) - 1) / stride) + 1;
  return { C, H, W, O, OH: side(H), OW: side(W), k, stride, pad, dil, groups };
}

const cases: [string, ConvGeometry][] = [
  ["3×3 same padding, 28×28", geometry(1, 28, 28, 8, 3, 1, 1, 1, 1)],
  ["stride 2 with padding 1", geometry(3, 9, 7, 5, 3, 2, 1, 1, 1)],
  // Rows wide enough for stride 2's eight-pixel loads (im2col-runs.ts), with the scalar rest at both ends.
  ["stride 2 on 28×28, 16 channels (a ResNet downsampling block)", geometry(16, 28, 28, 8, 3, 2, 1, 1, 1)],
  ["stride 2 on an odd 29×29 without padding", geometry(5, 29, 29, 6, 3, 2, 0, 1, 1)],
  ["1×1 stride 2 (a downsampling shortcut)", geometry(16, 28, 28, 8, 1, 2, 0, 1, 1)],
  ["stride 2, dilation 2 on 23×23", geometry(4, 23, 23, 5, 3, 2, 2, 2, 1)],
  ["dilation 2", geometry(4, 10, 10, 6, 3, 1, 2, 2, 1)],
  ["groups 2", geometry(4, 7, 7, 6, 3, 1, 1, 1, 2)],
  ["5×5 kernel, 13 channels", geometry(13, 11, 11, 9, 5, 1, 2, 1, 1)],
  // 16·5·5·28·28 column floats per sample: more than a chunk, so each sample is its own chunk.
  ["16 channels 5×5 on 28×28, one sample per chunk", geometry(16, 28, 28, 4, 5, 1, 2, 1, 1)],
];

/** |a − b| ≤ tol · (scale + |b|) for every element. */
function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, scale: number, what: string): void {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (scale + Math.abs(b[i])));
  expect(worst, what).toBeLessThan(1e-5);
}

describe.skipIf(!simdEnabled)("a float32 Arena convolution agrees with the float64 reference", () => {
  for (const [name, g] of cases) {
    it(name, () => {
      const n = 3;
      const inSize = g.C * g.H * g.W,
        outSize = g.O * g.OH * g.OW,
        wSize = g.O * (g.C / g.groups) * g.k * g.k;
      const x64 = Float64Array.from(Float32Array.from(randomArray(n * inSize, 1)));
      const w64 = Float64Array.from(Float32Array.from(randomArray(wSize, 2)));
      const b64 = Float64Array.from(Float32Array.from(randomArray(g.O, 3)));
      const dy64 = Float64Array.from(Float32Array.from(randomArray(n * outSize, 4)));

      const arena = new Arena(0);
      const [x, w, b, y, dy, dx, dw, db] = [n * inSize, wSize, g.O, n * outSize, n * outSize, n * inSize, wSize, g.O].map(
        (len) => arena.floats("f32", len) as Float32Array,
      );
      x.set(x64);
      w.set(w64);
      b.set(b64);
      dy.set(dy64);
      // The input gradient is written, not added to: a model's buffer still holds the last step's.
      dx.fill(7);
      conv2dForward(n, g, x, 0, w, 0, b, 0, y, 0, true);
      conv2dBackward(n, g, x, 0, w, 0, dy, 0, dw, 0, db, 0, dx, 0);

      const y64 = new Float64Array(n * outSize),
        dx64 = new Float64Array(n * inSize),
        dw64 = new Float64Array(wSize),
        db64 = new Float64Array(g.O);
      conv2dForward(n, g, x64, 0, w64, 0, b64, 0, y64, 0, true);
      conv2dBackward(n, g, x64, 0, w64, 0, dy64, 0, dw64, 0, db64, 0, dx64, 0);

      // Sums have up to C·k·k (forward), O·k·k (input gradient) or n·OH·OW (weight gradient) terms of magnitude ≤ 1.
      expectClose(y, y64, 1, "output");
      expectClose(dx, dx64, 1, "input gradient");
      expectClose(dw, dw64, 1, "weight gradient");
      expectClose(db, db64, 1, "bias gradient");
      expect(y.some((v) => v > 0) && y.some((v) => v === 0), "the fused ReLU clipped some outputs and kept others").toBe(true);

      // Without a bias or a ReLU (a convolution before batch norm) the products go straight into y.
      const plain = arena.floats("f32", n * outSize) as Float32Array,
        plain64 = new Float64Array(n * outSize);
      conv2dForward(n, g, x, 0, w, 0, null, 0, plain, 0, false);
      conv2dForward(n, g, x64, 0, w64, 0, null, 0, plain64, 0, false);
      expectClose(plain, plain64, 1, "output without bias or ReLU");
      expect(
        plain.some((v) => v < 0),
        "negative outputs kept",
      ).toBe(true);

      // A batch from outside the Arena (a data loader's) gives the same outputs and weight gradients.
      const [y2, dw2] = [n * outSize, wSize].map((len) => arena.floats("f32", len) as Float32Array);
      const outside = Float32Array.from(x);
      conv2dForward(n, g, outside, 0, w, 0, b, 0, y2, 0, true);
      conv2dBackward(n, g, outside, 0, w, 0, dy, 0, dw2, 0, null, 0, null, 0);
      expect(Array.from(y2)).toEqual(Array.from(y));
      expect(Array.from(dw2)).toEqual(Array.from(dw));
    });
  }
});

/** Output, input, weight and bias gradients of one forward and backward pass on `threads` GEMM threads. */
function passOn(threads: number, n: number, g: ConvGeometry): Float32Array[] {
  const before = gemmThreads();
  setGemmThreads(threads);
  try {
    expect(convThreads(n, g), "the convolution is split as asked").toBe(threads);
    const inSize = g.C * g.H * g.W,
      outSize = g.O * g.OH * g.OW,
      wSize = g.O * (g.C / g.groups) * g.k * g.k;
    const arena = new Arena(0);
    const [x, w, b, y, dy, dx, dw, db] = [n * inSize, wSize, g.O, n * outSize, n * outSize, n * inSize, wSize, g.O].map(
      (len) => arena.floats("f32", len) as Float32Array,
    );
    x.set(randomArray(x.length, 5));
    w.set(randomArray(w.length, 6));
    b.set(randomArray(b.length, 7));
    dy.set(randomArray(dy.length, 8));
    // Gradients are added to what is there, as a model's are between zeroGradients calls.
    dw.set(randomArray(dw.length, 9));
    db.set(randomArray(db.length, 10));
    conv2dForward(n, g, x, 0, w, 0, b, 0, y, 0, true);
    conv2dBackward(n, g, x, 0, w, 0, dy, 0, dw, 0, db, 0, dx, 0);
    const plain = arena.floats("f32", n * outSize) as Float32Array;
    conv2dForward(n, g, x, 0, w, 0, null, 0, plain, 0, false);
    return [y, dx, dw, db, plain];
  } finally {
    setGemmThreads(before);
  }
}

describe.skipIf(!simdEnabled)("a convolution whose batch is split across GEMM threads", () => {
  // The im2col + GEMM path; winograd.test.ts splits the Winograd path's batch the same way.
  const winograd = winogradMode();
  beforeAll(() => setWinogradMode("off"));
  afterAll(() => setWinogradMode(winograd));
  const split: [string, number, ConvGeometry][] = [
    ["3×3 same padding, 8 → 16 channels, 28×28, 7 samples", 7, geometry(8, 28, 28, 16, 3, 1, 1, 1, 1)],
    ["one sample per chunk (16 channels 5×5 on 28×28), 5 samples", 5, geometry(16, 28, 28, 8, 5, 1, 2, 1, 1)],
    ["groups 2, stride 2, 256 samples", 256, geometry(8, 14, 14, 12, 3, 2, 1, 1, 2)],
    // 64 groups, one sample per chunk: a helper's share is more calls than its control block holds, so
    // every share runs on the calling thread, with the same numbers.
    ["64 groups on 28×28, one sample per chunk, 32 samples", 32, geometry(64, 28, 28, 64, 3, 1, 1, 1, 64)],
  ];
  for (const [name, n, g] of split) {
    it(`${name}: outputs and input gradients are the one-thread bytes, gradients agree, and runs repeat exactly`, () => {
      const [y1, dx1, dw1, db1, plain1] = passOn(1, n, g);
      for (const threads of [2, 3]) {
        const [y, dx, dw, db, plain] = passOn(threads, n, g);
        expect(Array.from(y), `output, ${threads} threads`).toEqual(Array.from(y1));
        expect(Array.from(plain), `output without bias or ReLU, ${threads} threads`).toEqual(Array.from(plain1));
        expect(Array.from(dx), `input gradient, ${threads} threads`).toEqual(Array.from(dx1));
        expectClose(dw, dw1, 1, `weight gradient, ${threads} threads`);
        expectClose(db, db1, 1, `bias gradient, ${threads} threads`);
        // Again on new helper threads, as after a training run, which ends its helpers.
        stopHelpers();
        const again = passOn(threads, n, g);
        expect(
          again.map((a) => Array.from(a)),
          `${threads} threads, run twice`,
        ).toEqual([y, dx, dw, db, plain].map((a) => Array.from(a)));
      }
    });
  }
});
