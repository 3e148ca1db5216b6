import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Arena } from "../../../runtime/arena.ts";
import { conv2dBackward, conv2dForward } from "../../../runtime/dispatch/conv.ts";
import type { ConvGeometry } from "../../../runtime/kernels/conv.ts";
import { kernelsFor } from "../../../runtime/wasm/instances.ts";
import { fmaEnabled, simdEnabled } from "../../../runtime/wasm/simd.ts";
import { gemmThreads, setGemmThreads } from "../../../runtime/wasm/threads.ts";
import { setWinogradMode, setWinogradTiles, winogradFits, winogradMode, winogradTiles } from "../../../runtime/wasm/winograd.ts";
import { planeFloats } from "../../../runtime/wasm/winograd4.ts";
import { winograd4ModuleBytes } from "../../../runtime/wasm/winograd4-module.ts";
import { randomArray } from "../kernels/gradcheck.ts";

/*
 * The Winograd paths, F(4×4, 3×3) (runtime/wasm/winograd4.ts, the gradients' by default) and F(2×2, 3×3)
 * (runtime/wasm/winograd.ts, the forward pass's), each for all three passes, against the float64 direct convolution
 * (runtime/kernels/conv.ts's reference loops). Rounding error is measured relative to the sum of the
 * terms' magnitudes, S = Σ |x|·|w| (+ |bias|) for an output and Σ |dy|·|w| for an input gradient, in
 * units of float32's unit roundoff u = 2⁻²⁴: e = |computed − exact| / (u · S). The direct float32 path
 * (im2col + GEMM, float32 sums) is measured the same way on the same problems, so the bound reads as
 * "a multiple of the direct convolution's". The weight gradient (the transposed algorithm over the same
 * tiles) is measured against Σ|dy|·|x| the same way.
 *
 * Winograd's error has no componentwise bound in S (the transforms add and subtract neighbouring pixels and
 * filter taps, so terms that the direct sum never forms are rounded and cancel later); it grows with the
 * transforms' coefficients (Barabasz et al., "Error Analysis and Improving the Accuracy of Winograd
 * Convolution for Deep Neural Networks", 2020). Bounds asserted for every case, and what these cases measure
 * (the direct path: output 1.5–3.9 units, input gradient 0.7–1.8, weight gradient 0.5–3.8):
 * - F(2×2, 3×3), coefficients ±1 and ½: e ≤ 4 · max(e_direct, 2) and e ≤ 16. Measured: output 0.7–3.0 units,
 *   input gradient 1.0–4.4, weight gradient 0.8–4.0.
 * - F(4×4, 3×3), coefficients up to 8 (Aᵀ), 5 (Bᵀ) and ⅙, 1⁄24 (G): e ≤ 24 · max(e_direct, 2) and e ≤ 64.
 *   Measured: output 3.9–35.2 units, input gradient 5.3–33.6, weight gradient 7.5–17.1 (at most 16.8× the
 *   direct path's floor). 35 units is 2.1·10⁻⁶ of S: the error cuDNN's and oneDNN's F(4×4, 3×3) kernels train with.
 * docs/performance.md has the table. NNC_WINOGRAD_REPORT=1 prints the figures.
 */

const U = 2 ** -24;
/** The largest error allowed, in units of u·S, and as a multiple of the direct path's on the same problem. */
const bounds = { 2: { BOUND: 16, factor: 4 }, 4: { BOUND: 64, factor: 24 } } as const;

function geometry(C: number, H: number, W: number, O: number, pad: number): ConvGeometry {
  return { C, H, W, O, OH: H + 2 * pad - 2, OW: W + 2 * pad - 2, k: 3, stride: 1, pad, dil: 1, groups: 1 };
}

/** n, geometry: odd and even sizes, padding 0, 1 and 2, channel counts that are not multiples of 4, batch 1 and more, odd tile counts. */
const cases: [number, ConvGeometry][] = [
  [1, geometry(8, 5, 5, 8, 1)],
  [3, geometry(9, 7, 7, 13, 1)],
  [2, geometry(13, 14, 14, 11, 1)],
  [5, geometry(8, 9, 11, 17, 0)],
  [1, geometry(17, 6, 13, 9, 0)],
  [4, geometry(10, 3, 3, 8, 1)],
  [2, geometry(8, 4, 4, 10, 2)],
  [20, geometry(32, 14, 14, 48, 1)],
  [3, geometry(48, 7, 7, 96, 1)],
  [2, geometry(11, 28, 28, 12, 1)],
  [1, geometry(12, 3, 19, 8, 0)],
  // Nine tiles a sample: F(4×4, 3×3)'s second group of four starts in the middle of a GEMM panel of eight columns.
  [5, geometry(10, 9, 9, 12, 1)],
];

interface Pass<A> {
  y: A;
  dx: A;
  dw: A;
  db: A;
}

/** One forward (with bias, optionally ReLU) and backward pass on a float32 Arena. */
function float32Pass(n: number, g: ConvGeometry, relu: boolean): Pass<Float32Array> {
  const inSize = g.C * g.H * g.W,
    outSize = g.O * g.OH * g.OW,
    wSize = g.O * g.C * 9;
  const arena = new Arena(0);
  const [x, w, b, y, dy, dx, dw, db] = [n * inSize, wSize, g.O, n * outSize, n * outSize, n * inSize, wSize, g.O].map(
    (len) => arena.floats("f32", len) as Float32Array,
  );
  x.set(randomArray(x.length, 1));
  w.set(randomArray(w.length, 2));
  b.set(randomArray(b.length, 3));
  dy.set(randomArray(dy.length, 4));
  conv2dForward(n, g, x, 0, w, 0, b, 0, y, 0, relu);
  conv2dBackward(n, g, x, 0, w, 0, dy, 0, dw, 0, db, 0, dx, 0);
  return { y, dx, dw, db };
}

/** The same pass in float64 by the reference loops, on the same float32-representable inputs (or their magnitudes). */
function float64Pass(n: number, g: ConvGeometry, relu: boolean, magnitudes: boolean): Pass<Float64Array> {
  const inSize = g.C * g.H * g.W,
    outSize = g.O * g.OH * g.OW,
    wSize = g.O * g.C * 9;
  const f = (len: number, seed: number) => {
    const a = Float64Array.from(Float32Array.from(randomArray(len, seed)));
    return magnitudes ? a.map(Math.abs) : a;
  };
  const [x, w, b, dy] = [f(n * inSize, 1), f(wSize, 2), f(g.O, 3), f(n * outSize, 4)];
  const [y, dx, dw, db] = [n * outSize, n * inSize, wSize, g.O].map((len) => new Float64Array(len));
  conv2dForward(n, g, x, 0, w, 0, b, 0, y, 0, relu);
  conv2dBackward(n, g, x, 0, w, 0, dy, 0, dw, 0, db, 0, dx, 0);
  return { y, dx, dw, db };
}

/** max over elements of |a − exact| / (u · scale). */
function errorInUnits(a: ArrayLike<number>, exact: ArrayLike<number>, scale: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < exact.length; i++) worst = Math.max(worst, Math.abs(a[i] - exact[i]) / (U * scale[i]));
  return worst;
}

const before = winogradMode(),
  tilesBefore = winogradTiles();
afterEach(() => {
  setWinogradMode(before);
  setWinogradTiles(tilesBefore);
});

for (const tile of [2, 4] as const) {
  const { factor, BOUND } = bounds[tile];
  describe.skipIf(!simdEnabled)(`Winograd F(${tile}×${tile}, 3×3) convolution against the direct one`, () => {
    beforeEach(() => setWinogradTiles({ forward: tile, gradients: tile }));
    for (const [n, g] of cases) {
      const name = `${n} × [${g.C}, ${g.H}, ${g.W}] → ${g.O} channels, padding ${g.pad}`;
      it(`${name}: outputs, input and weight gradients within ${factor}× the direct path's error and ${BOUND}·u·Σ|terms| of the exact sums`, () => {
        // "on": the kernels run on every shape they can, also where "auto" would keep the direct path.
        setWinogradMode("on");
        expect(winogradFits(g), "the layer takes the Winograd path").toBe(true);
        const wino = float32Pass(n, g, false);
        setWinogradMode("off");
        const direct = float32Pass(n, g, false);
        const exact = float64Pass(n, g, false, false);
        const scale = float64Pass(n, g, false, true);

        const eY = errorInUnits(wino.y, exact.y, scale.y),
          eDx = errorInUnits(wino.dx, exact.dx, scale.dx);
        const dY = errorInUnits(direct.y, exact.y, scale.y),
          dDx = errorInUnits(direct.dx, exact.dx, scale.dx);
        expect(eY, "output").toBeLessThanOrEqual(Math.min(BOUND, factor * Math.max(dY, 2)));
        expect(eDx, "input gradient").toBeLessThanOrEqual(Math.min(BOUND, factor * Math.max(dDx, 2)));
        // The Winograd path ran: its sums are rounded differently from the direct path's.
        expect(Array.from(wino.y)).not.toEqual(Array.from(direct.y));
        expect(Array.from(wino.dx)).not.toEqual(Array.from(direct.dx));
        const eDw = errorInUnits(wino.dw, exact.dw, scale.dw),
          dDw = errorInUnits(direct.dw, exact.dw, scale.dw);
        expect(eDw, "weight gradient").toBeLessThanOrEqual(Math.min(BOUND, factor * Math.max(dDw, 2)));
        expect(Array.from(wino.dw)).not.toEqual(Array.from(direct.dw));
        // The bias gradient is the same sum either way.
        expect(Array.from(wino.db)).toEqual(Array.from(direct.db));
        if (process.env.NNC_WINOGRAD_REPORT === "1")
          console.log(
            `F${tile} ${name}: output ${eY.toFixed(2)} (direct ${dY.toFixed(2)}), input gradient ${eDx.toFixed(2)} (direct ${dDx.toFixed(2)}), weight gradient ${eDw.toFixed(2)} (direct ${dDw.toFixed(2)}) units`,
          );
      });
    }

    it("bias and ReLU: the same outputs as the direct path's up to the bound, zeros in the same places", () => {
      const n = 3,
        g = geometry(9, 9, 8, 12, 1);
      setWinogradMode("on");
      const wino = float32Pass(n, g, true);
      const exact = float64Pass(n, g, true, false);
      const scale = float64Pass(n, g, false, true);
      expect(errorInUnits(wino.y, exact.y, scale.y)).toBeLessThanOrEqual(BOUND);
      expect(wino.y.some((v) => v > 0) && wino.y.some((v) => v === 0), "the ReLU clipped some outputs and kept others").toBe(true);
      for (let i = 0; i < exact.y.length; i++) if (exact.y[i] > 1e-3) expect(wino.y[i]).toBeGreaterThan(0);
    });

    // 96 × 96 filters are enough to split the filter transforms and the weight gradient's back-transform too.
    for (const [n, g] of [
      [7, geometry(16, 14, 14, 24, 1)],
      [3, geometry(96, 7, 7, 96, 1)],
    ] as const)
      it(`outputs and input gradients are the same bytes on 1, 2 and 3 threads; weight gradients agree and repeat: ${g.C} → ${g.O} channels on ${g.H}×${g.W}`, () => {
        setWinogradMode("on");
        const threads = gemmThreads();
        try {
          setGemmThreads(1);
          const one = float32Pass(n, g, true);
          for (const t of [2, 3]) {
            setGemmThreads(t);
            const many = float32Pass(n, g, true);
            expect(Array.from(many.y), `output, ${t} threads`).toEqual(Array.from(one.y));
            expect(Array.from(many.dx), `input gradient, ${t} threads`).toEqual(Array.from(one.dx));
            // The weight gradient adds the threads' slices in thread order: float32 rounding apart, and the same bytes again.
            const largest = one.dw.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
            for (let i = 0; i < one.dw.length; i++)
              expect(Math.abs(many.dw[i] - one.dw[i]), `weight gradient ${i}, ${t} threads`).toBeLessThan(1e-5 * largest);
            expect(Array.from(float32Pass(n, g, true).dw), `weight gradient, ${t} threads, again`).toEqual(Array.from(many.dw));
          }
        } finally {
          setGemmThreads(threads);
        }
      });

    it("is not taken for stride 2, dilation 2, groups 2, 5×5 or padding 3; by default not for thin layers or small maps", () => {
      setWinogradMode("auto");
      const g = geometry(8, 14, 14, 8, 1);
      expect(winogradFits(g), "8 → 8 channels on 14×14").toBe(true);
      for (const m of ["auto", "on"] as const) {
        setWinogradMode(m);
        expect(winogradFits({ ...g, stride: 2 }), m).toBe(false);
        expect(winogradFits({ ...g, dil: 2 }), m).toBe(false);
        expect(winogradFits({ ...g, groups: 2 }), m).toBe(false);
        expect(winogradFits({ ...g, k: 5 }), m).toBe(false);
        expect(winogradFits({ ...g, pad: 3 }), m).toBe(false);
      }
      // Where it does not pay: fewer than 8 channels, or a map whose tiles waste too much (F(2×2, 3×3) pads tile rows
      // to whole vectors, so 3×3 and 5×5 maps stay direct; F(4×4, 3×3) takes those, not a 2×2 map).
      const smallMaps = tile === 2 ? [geometry(64, 3, 3, 64, 1), geometry(16, 5, 5, 16, 1)] : [geometry(64, 2, 2, 64, 1)];
      const thin = [{ ...g, C: 7 }, { ...g, O: 4 }, ...smallMaps];
      setWinogradMode("auto");
      for (const t of thin) expect(winogradFits(t), `${t.C} → ${t.O} on ${t.OH}×${t.OW}, auto`).toBe(false);
      setWinogradMode("on");
      for (const t of thin) expect(winogradFits(t), `${t.C} → ${t.O} on ${t.OH}×${t.OW}, on`).toBe(true);
      // The layers of examples/fashion-cnn.nn but the first (one input channel).
      setWinogradMode("auto");
      expect(
        [
          [1, 28, 32],
          [32, 14, 48],
          [48, 14, 48],
          [48, 7, 96],
          [96, 7, 96],
        ].map(([C, S, O]) => winogradFits(geometry(C, S, S, O, 1))),
      ).toEqual([false, true, true, true, true]);
      if (tile === 4)
        expect(
          [3, 5].map((S) => winogradFits(geometry(64, S, S, 64, 1))),
          "3×3 and 5×5 maps",
        ).toEqual([true, true]);
      setWinogradMode("off");
      expect(winogradFits(g), "NNC_WINOGRAD=0").toBe(false);
    });
  });
}

describe("NNC_WINOGRAD", () => {
  const saved = process.env.NNC_WINOGRAD;
  afterEach(() => {
    if (saved === undefined) delete process.env.NNC_WINOGRAD;
    else process.env.NNC_WINOGRAD = saved;
    vi.resetModules();
  });
  for (const [value, mode] of [
    ["0", "off"],
    ["1", "on"],
    [undefined, "auto"],
    ["", "auto"],
  ] as const) {
    it(`${value === undefined ? "unset" : `"${value}"`} selects ${mode} when the runtime loads`, async () => {
      if (value === undefined) delete process.env.NNC_WINOGRAD;
      else process.env.NNC_WINOGRAD = value;
      vi.resetModules();
      const fresh = await import("../../../runtime/wasm/winograd.ts");
      expect(fresh.winogradMode()).toBe(mode);
    });
  }
});

describe.skipIf(!simdEnabled)("tiles per pass: F(2×2, 3×3) forward with F(4×4, 3×3) gradients", () => {
  it("outputs are F(2×2, 3×3)'s bytes and the gradients F(4×4, 3×3)'s", () => {
    const n = 6,
      g = geometry(16, 14, 14, 24, 1);
    setWinogradMode("on");
    setWinogradTiles({ forward: 2, gradients: 2 });
    const two = float32Pass(n, g, true);
    setWinogradTiles({ forward: 4, gradients: 4 });
    const four = float32Pass(n, g, true);
    setWinogradTiles({ forward: 2, gradients: 4 });
    const mixed = float32Pass(n, g, true);
    expect(Array.from(two.y), "the two algorithms round differently").not.toEqual(Array.from(four.y));
    expect(Array.from(mixed.y)).toEqual(Array.from(two.y));
    expect(Array.from(mixed.dx)).toEqual(Array.from(four.dx));
    expect(Array.from(mixed.dw)).toEqual(Array.from(four.dw));
  });
});

describe("NNC_WINOGRAD_TILE", () => {
  const saved = process.env.NNC_WINOGRAD_TILE;
  afterEach(() => {
    if (saved === undefined) delete process.env.NNC_WINOGRAD_TILE;
    else process.env.NNC_WINOGRAD_TILE = saved;
    vi.resetModules();
  });
  for (const [value, tiles] of [
    ["2", { forward: 2, gradients: 2 }],
    ["4", { forward: 4, gradients: 4 }],
    [undefined, { forward: 4, gradients: 4 }],
    ["", { forward: 4, gradients: 4 }],
  ] as const) {
    it(`${value === undefined ? "unset" : `"${value}"`} selects F(${tiles.forward}×${tiles.forward}, 3×3) forward and F(${tiles.gradients}×${tiles.gradients}, 3×3) for the gradients`, async () => {
      if (value === undefined) delete process.env.NNC_WINOGRAD_TILE;
      else process.env.NNC_WINOGRAD_TILE = value;
      vi.resetModules();
      const fresh = await import("../../../runtime/wasm/winograd.ts");
      expect(fresh.winogradTiles()).toEqual(tiles);
    });
  }
});

describe.skipIf(!fmaEnabled)("F(4×4, 3×3)'s transforms with fused multiply-adds", () => {
  // Products by 2, 4 and 8 are exact, so fusing them into their adds must keep every bit: a checkpoint does not
  // depend on NNC_FMA or on whether the CPU has FMA. Each export of both module variants on the same operands.
  const [C, H, W, O, pad] = [5, 9, 11, 6, 1];
  const [OH, OW, TH, TW] = [9, 11, 3, 3];
  const T = TH * TW,
    NT = 4 * T,
    lanes = 3;
  const stride = Math.max(C, O) * NT + 64;

  const GUARD = 64;

  function run(fused: boolean): { V: Uint32Array; y: Uint32Array; D: Uint32Array; guard: Float32Array } {
    const arena = new Arena(0);
    const k = kernelsFor(arena, () => winograd4ModuleBytes(fused)) as Record<string, (...args: number[]) => void>;
    const floats = (n: number, seed?: number) => {
      const a = arena.floats("f32", n) as Float32Array;
      if (seed !== undefined) a.set(randomArray(n, seed, -3, 3));
      return a;
    };
    const x = floats(lanes * C * H * W, 21),
      dy = floats(lanes * O * OH * OW, 22),
      M = floats(36 * stride, 23),
      bias = floats(O, 24);
    // The planes and tile scratch the runtime sizes with planeFloats, then a guard no transform may write.
    const planes = floats(planeFloats(TH, TW) + GUARD),
      V = floats(36 * stride),
      D = floats(36 * stride),
      y = floats(lanes * O * OH * OW);
    planes.fill(7, planeFloats(TH, TW));
    k.winograd4Input(x.byteOffset, 4 * C * H * W, lanes, planes.byteOffset, V.byteOffset, C, H, W, pad, TH, TW, NT, stride, 0, 0);
    k.winograd4Output(
      M.byteOffset,
      planes.byteOffset,
      y.byteOffset,
      4 * O * OH * OW,
      lanes,
      O,
      OH,
      OW,
      TH,
      TW,
      NT,
      bias.byteOffset,
      1,
      stride,
    );
    k.winograd4Gradient(dy.byteOffset, 4 * O * OH * OW, lanes, planes.byteOffset, D.byteOffset, O, OH, OW, TH, TW, NT, stride);
    const bits = (a: Float32Array) => new Uint32Array(a.buffer, a.byteOffset, a.length).slice();
    return { V: bits(V), y: bits(y), D: bits(D), guard: planes.subarray(planeFloats(TH, TW)) };
  }

  it("give the bits of the separate multiplies and adds, in the input, output and gradient transforms", () => {
    const fused = run(true),
      separate = run(false);
    expect(fused.V.some((v) => v !== 0) && fused.y.some((v) => v !== 0) && fused.D.some((v) => v !== 0), "every transform wrote").toBe(
      true,
    );
    expect(fused.V).toEqual(separate.V);
    expect(fused.y).toEqual(separate.y);
    expect(fused.D).toEqual(separate.D);
    expect(Array.from(fused.guard), "nothing written past the planes and tile scratch").toEqual(Array(GUARD).fill(7));
  });
});
