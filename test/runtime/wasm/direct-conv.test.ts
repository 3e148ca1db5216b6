import { afterEach, describe, expect, it } from "vitest";
import { Arena } from "../../../runtime/arena.ts";
import { conv2dBackward, conv2dForward } from "../../../runtime/dispatch/conv.ts";
import type { ConvGeometry } from "../../../runtime/kernels/conv.ts";
import { convThreads } from "../../../runtime/wasm/conv.ts";
import { directConvFits } from "../../../runtime/wasm/direct-conv.ts";
import { simdEnabled } from "../../../runtime/wasm/simd.ts";
import { gemmThreads, setGemmThreads } from "../../../runtime/wasm/threads.ts";
import { randomArray } from "../kernels/gradcheck.ts";
import { firstDifference } from "./first-difference.ts";

/*
 * A first layer's convolution (few taps: C·k·k ≤ 9, stride 1) runs the direct kernel of runtime/wasm/direct-conv.ts:
 * forward, and the weight and bias gradients when no input gradient is asked for. It must compute the float64
 * reference's convolution to float32 rounding, for rows whose width is a multiple of 4 and rows that end in an
 * overlapping block, and give the same bytes on any number of threads.
 */

function geometry(C: number, H: number, W: number, O: number, k: number, pad: number): ConvGeometry {
  return { C, H, W, O, OH: H + 2 * pad - k + 1, OW: W + 2 * pad - k + 1, k, stride: 1, pad, dil: 1, groups: 1 };
}

/** |a − b| ≤ 1e-5 · (1 + |b|) for every element. */
function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  expect(worst, what).toBeLessThan(1e-5);
}

const threadsBefore = gemmThreads();
afterEach(() => setGemmThreads(threadsBefore));

const cases: [string, ConvGeometry][] = [
  ["1 → 8 channels, 3×3 same padding on 28×28 (rows of 7 blocks)", geometry(1, 28, 28, 8, 3, 1)],
  ["1 → 5 channels, 3×3 unpadded on 9×11 (rows end in a block overlapping by 3)", geometry(1, 9, 11, 5, 3, 0)],
  ["1 → 4 channels, 2×2 padding 1 on 8×5 (rows of 6: overlapping by 2)", geometry(1, 8, 5, 4, 2, 1)],
  ["2 → 3 channels, 2×2 unpadded on 6×10 (8 taps, rows of 9)", geometry(2, 6, 10, 3, 2, 0)],
  ["1 → 6 channels, 3×3 padding 2 on 12×14", geometry(1, 12, 14, 6, 3, 2)],
];

describe.skipIf(!simdEnabled)("the direct convolution of a first layer", () => {
  for (const [name, g] of cases) {
    it(`${name}: outputs, weight and bias gradients agree with the float64 reference`, () => {
      expect(directConvFits(g), "the direct kernel takes this convolution").toBe(true);
      const n = 3;
      const [inSize, outSize, wSize] = [g.C * g.H * g.W, g.O * g.OH * g.OW, g.O * g.C * g.k * g.k];
      const x64 = Float64Array.from(Float32Array.from(randomArray(n * inSize, 41)));
      const w64 = Float64Array.from(Float32Array.from(randomArray(wSize, 42)));
      const b64 = Float64Array.from(Float32Array.from(randomArray(g.O, 43)));
      const dy64 = Float64Array.from(Float32Array.from(randomArray(n * outSize, 44)));
      // Gradients add to what is there, as a model's do between zeroGradients calls.
      const dw64 = Float64Array.from(Float32Array.from(randomArray(wSize, 45)));
      const db64 = Float64Array.from(Float32Array.from(randomArray(g.O, 46)));
      const arena = new Arena(0);
      const [x, w, b, y, plain, dy, dw, db] = [n * inSize, wSize, g.O, n * outSize, n * outSize, n * outSize, wSize, g.O].map(
        (len) => arena.floats("f32", len) as Float32Array,
      );
      [x.set(x64), w.set(w64), b.set(b64), dy.set(dy64), dw.set(dw64), db.set(db64)];
      conv2dForward(n, g, x, 0, w, 0, b, 0, y, 0, true);
      conv2dForward(n, g, x, 0, w, 0, null, 0, plain, 0, false);
      conv2dBackward(n, g, x, 0, w, 0, dy, 0, dw, 0, db, 0, null, 0);

      const [y64, plain64] = [new Float64Array(n * outSize), new Float64Array(n * outSize)];
      conv2dForward(n, g, x64, 0, w64, 0, b64, 0, y64, 0, true);
      conv2dForward(n, g, x64, 0, w64, 0, null, 0, plain64, 0, false);
      conv2dBackward(n, g, x64, 0, w64, 0, dy64, 0, dw64, 0, db64, 0, null, 0);
      expectClose(y, y64, "output with bias and ReLU");
      expectClose(plain, plain64, "output without bias or ReLU");
      expectClose(dw, dw64, "weight gradient");
      expectClose(db, db64, "bias gradient");
      expect(y.some((v) => v > 0) && y.some((v) => v === 0), "the fused ReLU clipped some outputs and kept others").toBe(true);
      expect(
        plain.some((v) => v < 0),
        "negative outputs kept without ReLU",
      ).toBe(true);

      // A batch from outside the Arena (a data loader's) gives the same bytes.
      const [y2, dw2] = [n * outSize, wSize].map((len) => arena.floats("f32", len) as Float32Array);
      dw2.set(Float32Array.from(randomArray(wSize, 45)));
      const outside = Float32Array.from(x);
      conv2dForward(n, g, outside, 0, w, 0, b, 0, y2, 0, true);
      conv2dBackward(n, g, outside, 0, w, 0, dy, 0, dw2, 0, null, 0, null, 0);
      expect(firstDifference(y2, y), "output from a batch outside the Arena").toBe(-1);
      expect(firstDifference(dw2, dw), "weight gradient from a batch outside the Arena").toBe(-1);
    });
  }

  /** Output, weight and bias gradients of one pass on `threads` threads. */
  function passOn(threads: number, n: number, g: ConvGeometry): Record<string, Float32Array> {
    setGemmThreads(threads);
    expect(convThreads(n, g), "the batch is split as asked").toBe(threads);
    const [inSize, outSize, wSize] = [g.C * g.H * g.W, g.O * g.OH * g.OW, g.O * g.C * g.k * g.k];
    const arena = new Arena(0);
    const [x, w, b, y, dy, dw, db] = [n * inSize, wSize, g.O, n * outSize, n * outSize, wSize, g.O].map(
      (len) => arena.floats("f32", len) as Float32Array,
    );
    [x.set(randomArray(x.length, 51)), w.set(randomArray(wSize, 52)), b.set(randomArray(g.O, 53)), dy.set(randomArray(dy.length, 54))];
    conv2dForward(n, g, x, 0, w, 0, b, 0, y, 0, false);
    conv2dBackward(n, g, x, 0, w, 0, dy, 0, dw, 0, db, 0, null, 0);
    return { y, dw, db };
  }

  for (const [name, n, g] of [
    ["1 → 32 channels on 28×28, 21 samples", 21, geometry(1, 28, 28, 32, 3, 1)],
    ["1 → 32 channels on 27×27 unpadded (rows of 25), 23 samples", 23, geometry(1, 27, 27, 32, 3, 0)],
  ] as const) {
    it(`${name}: the same bytes on 1, 2 and 3 threads`, () => {
      const one = passOn(1, n, g);
      for (const threads of [2, 3]) {
        const many = passOn(threads, n, g);
        for (const [what, values] of Object.entries(one))
          expect(firstDifference(many[what], values), `${what}, ${threads} threads`).toBe(-1);
      }
    });
  }
});
