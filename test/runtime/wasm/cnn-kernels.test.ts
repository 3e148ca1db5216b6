import { describe, expect, it } from "vitest";
import { Arena } from "../../../runtime/arena.ts";
import { reluBackward, reluForward } from "../../../runtime/dispatch/activations.ts";
import { batchNorm2dBackward, batchNorm2dForwardEval, batchNorm2dForwardTrain } from "../../../runtime/dispatch/batchnorm2d.ts";
import { maxPoolBackward, maxPoolForward } from "../../../runtime/dispatch/pool.ts";
import type { PoolGeometry } from "../../../runtime/kernels/pool.ts";
import { simdEnabled } from "../../../runtime/wasm/simd.ts";
import { randomArray } from "../kernels/gradcheck.ts";

/*
 * ReLU, batch norm 2-d and max pooling over float32 Arena buffers run in WebAssembly; over float64
 * arrays they run the TypeScript reference. Same inputs (float32-representable) through both must
 * agree: exactly where the operation only selects or copies values, within float32 rounding where it
 * computes. Odd sizes exercise the scalar tails after the four-lane loops.
 */

const f32 = (a: ArrayLike<number>): Float64Array => Float64Array.from(Float32Array.from(a));

function inArena(arena: Arena, a: ArrayLike<number>): Float32Array {
  const v = arena.floats("f32", a.length) as Float32Array;
  v.set(a);
  return v;
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>, scale = 1): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (scale + Math.abs(b[i])));
  return worst;
}

describe.skipIf(!simdEnabled)("WebAssembly CNN kernels agree with the TypeScript reference", () => {
  it("ReLU forward and backward select exactly the same elements (NaN and -0 included)", () => {
    const n = 1031;
    const x = f32(randomArray(n, 7));
    x[5] = NaN;
    x[6] = -0;
    x[7] = 0;
    const dy = f32(randomArray(n, 8));
    const arena = new Arena(0);
    const [ax, ay, ady, adx] = [
      inArena(arena, x),
      arena.floats("f32", n) as Float32Array,
      inArena(arena, dy),
      arena.floats("f32", n) as Float32Array,
    ];
    reluForward(ax, 0, ay, 0, n);
    reluBackward(ay, 0, ady, 0, adx, 0, n);
    const y = new Float64Array(n),
      dx = new Float64Array(n);
    reluForward(x, 0, y, 0, n);
    reluBackward(y, 0, dy, 0, dx, 0, n);
    expect(Array.from(ay)).toEqual(Array.from(y));
    expect(Array.from(adx)).toEqual(Array.from(dx));
    expect(ay[5]).toBe(0);
  });

  it("batch norm 2-d: training forward, running statistics, eval forward with ReLU, and backward", () => {
    const [B, C, S] = [5, 3, 37];
    const size = B * C * S;
    const x = f32(randomArray(size, 11, 2, 5)); // a mean far from 0, so a one-pass variance would show
    const gamma = f32(randomArray(C, 12, 0.5, 1.5)),
      beta = f32(randomArray(C, 13));
    const dy = f32(randomArray(size, 14));
    const ref = {
      y: new Float64Array(size),
      rm: new Float64Array(C),
      rv: new Float64Array(C).fill(1),
      mean: new Float64Array(C),
      inv: new Float64Array(C),
      ev: new Float64Array(size),
      dx: new Float64Array(size),
      dg: new Float64Array(C),
      db: new Float64Array(C),
    };
    batchNorm2dForwardTrain(B, C, S, x, 0, ref.y, 0, gamma, 0, beta, 0, ref.rm, 0, ref.rv, 0, 0.1, 1e-5, ref.mean, 0, ref.inv, 0, false);
    const xe = f32(randomArray(size, 15, -1, 1)); // eval inputs near the running mean's scale, so ReLU clips some
    batchNorm2dForwardEval(B, C, S, xe, 0, ref.ev, 0, gamma, 0, beta, 0, ref.rm, 0, ref.rv, 0, 1e-5, true);
    batchNorm2dBackward(B, C, S, dy, 0, x, 0, ref.mean, 0, ref.inv, 0, gamma, 0, beta, 0, ref.dx, 0, ref.dg, 0, ref.db, 0, false, null, 0);

    const arena = new Arena(0);
    const ax = inArena(arena, x),
      ady = inArena(arena, dy);
    const [ay, aev, adx] = [0, 0, 0].map(() => arena.floats("f32", size) as Float32Array);
    const [rm, rv, mean, inv, dg, db] = [0, 0, 0, 0, 0, 0].map(() => new Float32Array(C));
    rv.fill(1);
    batchNorm2dForwardTrain(
      B,
      C,
      S,
      ax,
      0,
      ay,
      0,
      Float32Array.from(gamma),
      0,
      Float32Array.from(beta),
      0,
      rm,
      0,
      rv,
      0,
      0.1,
      1e-5,
      mean,
      0,
      inv,
      0,
      false,
    );
    batchNorm2dForwardEval(
      B,
      C,
      S,
      inArena(arena, xe),
      0,
      aev,
      0,
      Float32Array.from(gamma),
      0,
      Float32Array.from(beta),
      0,
      rm,
      0,
      rv,
      0,
      1e-5,
      true,
    );
    batchNorm2dBackward(
      B,
      C,
      S,
      ady,
      0,
      ax,
      0,
      mean,
      0,
      inv,
      0,
      Float32Array.from(gamma),
      0,
      Float32Array.from(beta),
      0,
      adx,
      0,
      dg,
      0,
      db,
      0,
      false,
      null,
      0,
    );

    expect(maxRelDiff(mean, ref.mean)).toBeLessThan(1e-6);
    expect(maxRelDiff(inv, ref.inv)).toBeLessThan(1e-5);
    expect(maxRelDiff(rm, ref.rm)).toBeLessThan(1e-6);
    expect(maxRelDiff(rv, ref.rv)).toBeLessThan(1e-5);
    expect(maxRelDiff(ay, ref.y)).toBeLessThan(1e-5);
    expect(maxRelDiff(aev, ref.ev)).toBeLessThan(1e-5);
    expect(ref.ev.some((v) => v === 0) && ref.ev.some((v) => v > 0), "the eval ReLU clipped some outputs and kept others").toBe(true);
    expect(maxRelDiff(adx, ref.dx)).toBeLessThan(1e-4);
    expect(maxRelDiff(dg, ref.dg)).toBeLessThan(1e-5);
    expect(maxRelDiff(db, ref.db)).toBeLessThan(1e-5);
  });

  for (const [name, k, stride, H, W] of [
    ["2×2 stride 2, odd side", 2, 2, 7, 9],
    ["2×2 stride 2, four-lane steps and a scalar tail", 2, 2, 6, 13],
    ["3×3 stride 2, overlapping", 3, 2, 9, 8],
    ["3×3 stride 1", 3, 1, 6, 6],
  ] as const) {
    it(`max pooling ${name}: same maxima, same winners (first on ties, NaN wins), same routed gradients`, () => {
      const [n, C] = [3, 4];
      const OH = Math.floor((H - k) / stride) + 1,
        OW = Math.floor((W - k) / stride) + 1;
      const g: PoolGeometry = { C, H, W, OH, OW, k, stride, pad: 0 };
      // Rounded values make ties common; one NaN must win its windows.
      const x = Float64Array.from(randomArray(n * C * H * W, 21), (v) => Math.round(v * 3));
      x[10] = NaN;
      const dy = f32(randomArray(n * C * OH * OW, 22));
      const y = new Float64Array(n * C * OH * OW),
        arg = new Int32Array(y.length),
        dx = new Float64Array(x.length);
      maxPoolForward(n, g, x, 0, y, 0, arg, 0);
      maxPoolBackward(n, g, dy, 0, arg, 0, dx, 0);
      const arena = new Arena(0);
      const ax = inArena(arena, x),
        ady = inArena(arena, dy);
      const ay = arena.floats("f32", y.length) as Float32Array,
        aarg = arena.ints(y.length),
        adx = arena.floats("f32", x.length) as Float32Array;
      adx.fill(5); // backward must overwrite, not add to, what was there
      maxPoolForward(n, g, ax, 0, ay, 0, aarg, 0);
      maxPoolBackward(n, g, ady, 0, aarg, 0, adx, 0);
      expect(Array.from(aarg)).toEqual(Array.from(arg));
      expect(Array.from(ay)).toEqual(Array.from(y));
      expect(maxRelDiff(adx, dx)).toBeLessThan(1e-6);
      // Every window that covers the NaN outputs NaN.
      const nanWindows = Array.from(y).filter(Number.isNaN).length;
      const [r, q] = [Math.floor(10 / W), 10 % W];
      const covering = (pos: number, out: number): number =>
        Array.from({ length: out }, (_, i) => i).filter((i) => i * stride <= pos && pos < i * stride + k).length;
      expect(nanWindows).toBe(covering(r, OH) * covering(q, OW));
      expect(Array.from(ay).filter(Number.isNaN).length).toBe(nanWindows);
    });
  }
});
