import { describe, expect, it } from "vitest";
import { Arena } from "../../../runtime/arena.ts";
import { dropoutBackward, dropoutForward } from "../../../runtime/dispatch/dropout.ts";
import * as reference from "../../../runtime/kernels/dropout.ts";
import { Rng } from "../../../runtime/rng.ts";
import { simdDropoutForward } from "../../../runtime/wasm/dropout.ts";
import { simdEnabled } from "../../../runtime/wasm/simd.ts";
import { firstDifference } from "./first-difference.ts";

describe.runIf(simdEnabled)("dropout's WebAssembly passes", () => {
  const arena = new Arena(0);
  const floats = (n: number) => arena.floats("f32", n) as Float32Array;

  it.each([
    [1, 0.25],
    [7, 0.5],
    [4099, 0.25],
    [110_592, 0.1],
    [3000, 1e-12],
    [3000, 0.999],
  ])("forward over %i activations at p = %f: the reference's mask, outputs and generator state", (n, p) => {
    const x = floats(n);
    // Negative values, exact zeros and a non-finite one: x·0 keeps its sign and NaN stays NaN, as in the reference.
    for (let i = 0; i < n; i++) x[i] = i % 11 === 0 ? 0 : Math.sin(1.3 * i) * 4 - 1;
    if (n > 5) x[5] = Number.NaN;
    const [y1, m1, y2, m2] = [floats(n), floats(n), floats(n), floats(n)];
    const [r1, r2] = [new Rng(9), new Rng(9)];
    r1.normal(); // a cached Box–Muller partner must survive the call
    r2.normal();
    reference.dropoutForward(x, 0, y1, 0, m1, 0, n, p, r1);
    expect(simdDropoutForward(x, 0, y2, 0, m2, 0, n, p, r2)).toBe(true);
    expect(firstDifference(m1, m2)).toBe(-1);
    expect(firstDifference(y1, y2)).toBe(-1);
    expect(r2.getState()).toEqual(r1.getState());
    expect(r2.normal()).toBe(r1.normal());
  });

  it("keeps about 1 − p of the values and scales them by 1/(1 − p)", () => {
    const n = 50_000,
      p = 0.3;
    const x = floats(n).fill(2),
      y = floats(n),
      mask = floats(n);
    dropoutForward(x, 0, y, 0, mask, 0, n, p, new Rng(3));
    let kept = 0;
    for (let i = 0; i < n; i++) {
      if (mask[i] !== 0) {
        kept++;
        expect(y[i]).toBe(Math.fround(2 / 0.7));
      } else expect(y[i]).toBe(0);
    }
    expect(kept / n).toBeGreaterThan(0.69);
    expect(kept / n).toBeLessThan(0.71);
  });

  it("backward multiplies by the mask in place, as the reference does", () => {
    const n = 1027;
    const mask = floats(n),
      dy1 = floats(n),
      dy2 = floats(n);
    for (let i = 0; i < n; i++) {
      mask[i] = i % 3 === 0 ? 0 : Math.fround(1 / 0.7);
      dy1[i] = dy2[i] = Math.cos(0.7 * i) * 3;
    }
    reference.dropoutBackward(mask, 0, dy1, 0, dy1, 0, n);
    dropoutBackward(mask, 0, dy2, 0, dy2, 0, n);
    expect(firstDifference(dy1, dy2)).toBe(-1);
  });

  it("leaves p = 0, p = 1 and buffers outside an arena to the reference", () => {
    const n = 8;
    const x = floats(n).fill(1);
    expect(simdDropoutForward(x, 0, floats(n), 0, floats(n), 0, n, 0, new Rng(1))).toBe(false);
    expect(simdDropoutForward(x, 0, floats(n), 0, floats(n), 0, n, 1, new Rng(1))).toBe(false);
    expect(simdDropoutForward(new Float32Array(n), 0, new Float32Array(n), 0, new Float32Array(n), 0, n, 0.5, new Rng(1))).toBe(false);
    const y = new Float32Array(n),
      mask = new Float32Array(n);
    dropoutForward(new Float32Array(n).fill(1), 0, y, 0, mask, 0, n, 1, new Rng(1));
    expect(Array.from(y)).toEqual(Array(n).fill(0));
  });
});
