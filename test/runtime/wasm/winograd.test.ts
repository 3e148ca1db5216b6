import { afterEach, describe, expect, it, vi } from "vitest";
import { Arena } from "../../../runtime/arena.ts";
import { conv2dBackward, conv2dForward } from "../../../runtime/dispatch/conv.ts";
import type { ConvGeometry } from "../../../runtime/kernels/conv.ts";
import { simdEnabled } from "../../../runtime/wasm/simd.ts";
import { gemmThreads, setGemmThreads } from "../../../runtime/wasm/threads.ts";
import { setWinogradMode, winogradFits, winogradMode } from "../../../runtime/wasm/winograd.ts";
import { randomArray } from "../kernels/gradcheck.ts";

/*
 * The Winograd F(2×2, 3×3) path (runtime/wasm/winograd.ts) against the float64 direct convolution
 * (runtime/kernels/conv.ts's reference loops). Rounding error is measured relative to the sum of the
 * terms' magnitudes, S = Σ |x|·|w| (+ |bias|) for an output and Σ |dy|·|w| for an input gradient, in
 * units of float32's unit roundoff u = 2⁻²⁴: e = |computed − exact| / (u · S). The direct float32 path
 * (im2col + GEMM, float32 sums) is measured the same way on the same problems, so the bound reads as
 * "a small multiple of the direct convolution's".
 *
 * The weight gradient (F(3×3, 2×2) over the same tiles) is measured against Σ|dy|·|x| the same way.
 *
 * Bound asserted for every case: e_winograd ≤ 4 · max(e_direct, 2) and e_winograd ≤ 16. Winograd's error
 * has no componentwise bound in S (the transforms add and subtract neighbouring pixels and filter taps,
 * so terms that the direct sum never forms are rounded and cancel later); for F(2×2, 3×3) the transforms'
 * coefficients are ±1 and ½, so the amplification is a small constant (Barabasz et al., "Error Analysis
 * and Improving the Accuracy of Winograd Convolution for Deep Neural Networks", 2020, find F(2, 3) the
 * most accurate of the Winograd variants). Measured on these cases: the Winograd output error is
 * 0.7–3.0 units (direct 1.5–3.9), the input gradient's 1.0–4.4 units (direct 0.7–1.8), the weight
 * gradient's 0.8–4.0 units (direct 0.5–3.8);
 * docs/performance.md has the table. NNC_WINOGRAD_REPORT=1 prints the figures.
 */

const U = 2 ** -24;
/** The largest error allowed, in units of u·S. */
const BOUND = 16;

function geometry(C: number, H: number, W: number, O: number, pad: number): ConvGeometry {
  return { C, H, W, O, OH: H + 2 * pad - 2, OW: W + 2 * pad - 2, k: 3, stride: 1, pad, dil: 1, groups: 1 };
}

/** n, geometry: odd and even sizes, padding 0, 1 and 2, channel counts that are not multiples of 4, batch 1 and more. */
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

const before = winogradMode();
afterEach(() => setWinogradMode(before));

describe.skipIf(!simdEnabled)("Winograd F(2×2, 3×3) convolution against the direct one", () => {
  for (const [n, g] of cases) {
    const name = `${n} × [${g.C}, ${g.H}, ${g.W}] → ${g.O} channels, padding ${g.pad}`;
    it(`${name}: outputs, input and weight gradients within 4× the direct path's error and 16·u·Σ|terms| of the exact sums`, () => {
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
      expect(eY, "output").toBeLessThanOrEqual(Math.min(BOUND, 4 * Math.max(dY, 2)));
      expect(eDx, "input gradient").toBeLessThanOrEqual(Math.min(BOUND, 4 * Math.max(dDx, 2)));
      // The Winograd path ran: its sums are rounded differently from the direct path's.
      expect(Array.from(wino.y)).not.toEqual(Array.from(direct.y));
      expect(Array.from(wino.dx)).not.toEqual(Array.from(direct.dx));
      const eDw = errorInUnits(wino.dw, exact.dw, scale.dw),
        dDw = errorInUnits(direct.dw, exact.dw, scale.dw);
      expect(eDw, "weight gradient").toBeLessThanOrEqual(Math.min(BOUND, 4 * Math.max(dDw, 2)));
      expect(Array.from(wino.dw)).not.toEqual(Array.from(direct.dw));
      // The bias gradient is the same sum either way.
      expect(Array.from(wino.db)).toEqual(Array.from(direct.db));
      if (process.env.NNC_WINOGRAD_REPORT === "1")
        console.log(
          `${name}: output ${eY.toFixed(2)} (direct ${dY.toFixed(2)}), input gradient ${eDx.toFixed(2)} (direct ${dDx.toFixed(2)}), weight gradient ${eDw.toFixed(2)} (direct ${dDw.toFixed(2)}) units`,
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

  it("outputs and input gradients are the same bytes on 1, 2 and 3 threads; weight gradients agree and repeat", () => {
    const n = 7,
      g = geometry(16, 14, 14, 24, 1);
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
    // Where it does not pay: fewer than 8 channels, or a map whose 2×2 tiles padded to vectors waste too much.
    const thin = [{ ...g, C: 7 }, { ...g, O: 4 }, geometry(64, 3, 3, 64, 1), geometry(16, 5, 5, 16, 1)];
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
    setWinogradMode("off");
    expect(winogradFits(g), "NNC_WINOGRAD=0").toBe(false);
  });
});

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
