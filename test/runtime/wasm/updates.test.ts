import { describe, expect, it } from "vitest";
import { Arena } from "../../../runtime/arena.ts";
import * as O from "../../../runtime/optimizers/index.ts";
import type { FloatArray } from "../../../runtime/types.ts";
import { updateKernels } from "../../../runtime/wasm/updates/module.ts";
import { simdEnabled } from "../../../runtime/wasm/simd.ts";
import { randomArray } from "../kernels/gradcheck.ts";

/*
 * Every optimizer update on float32 views of one Arena runs its SIMD kernel (runtime/wasm/updates/);
 * on plain Float32Arrays the same call runs the TypeScript loop, the reference parity-tested against
 * PyTorch. Several steps of both must agree to float32 rounding, for each form of the effective
 * gradient (none; L2 weight decay with a clip-norm scale; an L1 term and clip-by-value alone; all of
 * them), on a
 * range whose length is not a multiple of the 8-element bulk step.
 */
const n = 203,
  start = 1,
  end = 200,
  steps = 6;

interface Reg {
  readonly wd: number;
  readonly l2x: number;
  readonly l1: number;
  readonly clipValue: number;
  readonly clipScale: number;
}
const TERMS: readonly { name: string; reg: Reg }[] = [
  { name: "no regularizer", reg: { wd: 0, l2x: 0, l1: 0, clipValue: Infinity, clipScale: 1 } },
  { name: "weight decay, l2 penalty, clip-norm scale", reg: { wd: 0.01, l2x: 1e-3, l1: 0, clipValue: Infinity, clipScale: 0.5 } },
  { name: "l1 and clip-by-value alone", reg: { wd: 0, l2x: 0, l1: 1e-2, clipValue: 0.5, clipScale: 1 } },
  { name: "clip-by-value alone", reg: { wd: 0, l2x: 0, l1: 0, clipValue: 0.5, clipScale: 1 } },
  { name: "plus l1 and clip-by-value", reg: { wd: 0.01, l2x: 1e-3, l1: 1e-2, clipValue: 0.5, clipScale: 0.5 } },
];

type Bufs = readonly [FloatArray, FloatArray, FloatArray, FloatArray, FloatArray];
interface Case {
  readonly name: string;
  readonly init?: number;
  step(b: Bufs, t: number, r: Reg): void;
}
const bc = (beta: number, t: number): number => 1 - beta ** t;

const CASES: readonly Case[] = [
  {
    name: "SGD",
    step: ([p, g, s], t, r) => O.sgdUpdate(p, g, s, start, end, 0.1, 0, 0, false, t === 1, r.wd, r.l2x, r.l1, r.clipValue, r.clipScale),
  },
  {
    name: "SGD momentum, dampening",
    step: ([p, g, s], t, r) => O.sgdUpdate(p, g, s, start, end, 0.1, 0.9, 0.2, false, t === 1, r.wd, r.l2x, r.l1, r.clipValue, r.clipScale),
  },
  {
    name: "SGD nesterov",
    step: ([p, g, s], t, r) => O.sgdUpdate(p, g, s, start, end, 0.1, 0.9, 0, true, t === 1, r.wd, r.l2x, r.l1, r.clipValue, r.clipScale),
  },
  {
    name: "AdaGrad lr_decay, initial accumulator",
    init: 0.1,
    step: ([p, g, s], t, r) =>
      O.adagradUpdate(p, g, s, start, end, O.adagradClr(0.1, 0.01, t), 1e-10, r.wd, r.l2x, r.l1, r.clipValue, r.clipScale),
  },
  {
    name: "Adadelta",
    step: ([p, g, v, u], _t, r) => O.adadeltaUpdate(p, g, v, u, start, end, 1, 0.9, 1e-6, r.wd, r.l2x, r.l1, r.clipValue, r.clipScale),
  },
  {
    name: "RMSprop",
    step: ([p, g, v, , b], _t, r) =>
      O.rmspropUpdate(p, g, v, null, b, start, end, 0.01, 0.99, 1e-8, 0, false, r.wd, r.l2x, r.l1, r.clipValue, r.clipScale),
  },
  {
    name: "RMSprop momentum",
    step: ([p, g, v, , b], _t, r) =>
      O.rmspropUpdate(p, g, v, null, b, start, end, 0.01, 0.99, 1e-8, 0.9, false, r.wd, r.l2x, r.l1, r.clipValue, r.clipScale),
  },
  {
    name: "RMSprop centered",
    step: ([p, g, v, ga, b], _t, r) =>
      O.rmspropUpdate(p, g, v, ga, b, start, end, 0.01, 0.99, 1e-8, 0, true, r.wd, r.l2x, r.l1, r.clipValue, r.clipScale),
  },
  {
    name: "RMSprop centered momentum",
    step: ([p, g, v, ga, b], _t, r) =>
      O.rmspropUpdate(p, g, v, ga, b, start, end, 0.01, 0.99, 1e-8, 0.9, true, r.wd, r.l2x, r.l1, r.clipValue, r.clipScale),
  },
  {
    name: "Adam",
    step: ([p, g, m, v], t, r) =>
      O.adamUpdate(
        p,
        g,
        m,
        v,
        null,
        start,
        end,
        1e-2,
        0.9,
        0.999,
        1e-8,
        bc(0.9, t),
        bc(0.999, t),
        false,
        r.wd,
        0,
        r.l2x,
        r.l1,
        r.clipValue,
        r.clipScale,
      ),
  },
  {
    name: "AdamW",
    step: ([p, g, m, v], t, r) =>
      O.adamUpdate(
        p,
        g,
        m,
        v,
        null,
        start,
        end,
        1e-2,
        0.9,
        0.999,
        1e-8,
        bc(0.9, t),
        bc(0.999, t),
        false,
        0,
        1e-2 * 0.05,
        r.l2x,
        r.l1,
        r.clipValue,
        r.clipScale,
      ),
  },
  {
    name: "Adam amsgrad",
    step: ([p, g, m, v, x], t, r) =>
      O.adamUpdate(
        p,
        g,
        m,
        v,
        x,
        start,
        end,
        1e-2,
        0.9,
        0.999,
        1e-8,
        bc(0.9, t),
        bc(0.999, t),
        true,
        r.wd,
        0,
        r.l2x,
        r.l1,
        r.clipValue,
        r.clipScale,
      ),
  },
  {
    name: "AdamW amsgrad",
    step: ([p, g, m, v, x], t, r) =>
      O.adamUpdate(
        p,
        g,
        m,
        v,
        x,
        start,
        end,
        1e-2,
        0.9,
        0.999,
        1e-8,
        bc(0.9, t),
        bc(0.999, t),
        true,
        0,
        1e-2 * 0.05,
        r.l2x,
        r.l1,
        r.clipValue,
        r.clipScale,
      ),
  },
  {
    name: "Adamax",
    step: ([p, g, m, u], t, r) =>
      O.adamaxUpdate(p, g, m, u, start, end, 2e-2, 0.9, 0.999, 1e-8, bc(0.9, t), r.wd, r.l2x, r.l1, r.clipValue, r.clipScale),
  },
  {
    name: "NAdam",
    step: ([p, g, m, v], t, r) => {
      const s = O.nadamScalars(t, 0.9, 4e-3, 0.9 ** (t - 1));
      const c = O.nadamCoefficients(2e-2, s.mu, s.muNext, s.muProduct);
      O.nadamUpdate(
        p,
        g,
        m,
        v,
        start,
        end,
        2e-2,
        0.9,
        0.999,
        1e-8,
        bc(0.999, t),
        c.coefGrad,
        c.coefMom,
        r.wd,
        r.l2x,
        r.l1,
        r.clipValue,
        r.clipScale,
      );
    },
  },
  // t + 3: steps 4–9 cross from the un-rectified (ρ_t ≤ 5) to the rectified phase
  {
    name: "RAdam",
    step: ([p, g, m, v], t, r) =>
      O.radamUpdate(
        p,
        g,
        m,
        v,
        start,
        end,
        1e-2,
        0.9,
        0.999,
        1e-8,
        bc(0.9, t + 3),
        bc(0.999, t + 3),
        O.radamRect(t + 3, 0.999),
        r.wd,
        r.l2x,
        r.l1,
        r.clipValue,
        r.clipScale,
      ),
  },
];

/** p, g and three state buffers: float32 views of one Arena, or plain Float32Arrays. */
function buffers(inArena: boolean, init: number): Bufs {
  const arena = new Arena(0);
  const make = (): Float32Array => (inArena ? (arena.floats("f32", n) as Float32Array) : new Float32Array(n));
  const p = make(),
    g = make();
  p.set(randomArray(n, 11));
  const s = [make(), make(), make()].map((x) => x.fill(init));
  return [p, g, s[0], s[1], s[2]];
}

function run(c: Case, reg: Reg, inArena: boolean): Bufs {
  const b = buffers(inArena, c.init ?? 0);
  for (let t = 1; t <= steps; t++) {
    b[1].set(randomArray(n, 100 + t, -1, 1));
    c.step(b, t, reg);
  }
  return b;
}

describe.skipIf(!simdEnabled)("SIMD optimizer updates agree with the TypeScript loops", () => {
  for (const c of CASES) {
    for (const { name, reg } of TERMS) {
      it(`${c.name}, ${name}: ${steps} steps on a ragged range`, () => {
        const simd = run(c, reg, true),
          ref = run(c, reg, false);
        for (let k = 0; k < 5; k++) {
          if (k === 1) continue; // g is input only
          // normwise: a momentum buffer summing terms of ±10 may land near 0 with their rounding
          const scale = 1 + Math.max(...Array.from(ref[k], Math.abs));
          for (let i = 0; i < n; i++) expect(Math.abs(simd[k][i] - ref[k][i])).toBeLessThanOrEqual(1e-6 * scale);
        }
        // elements outside [start, end) are untouched
        expect(simd[0][0]).toBe(ref[0][0]);
        expect(simd[0][n - 1]).toBe(ref[0][n - 1]);
      });
    }
  }
});

describe.skipIf(!simdEnabled)("when the SIMD update applies", () => {
  it("takes float32 views of one Arena, with unused state buffers passed as null", () => {
    const [p, g, m, v] = buffers(true, 0);
    expect(updateKernels(p, g, m, v)).not.toBeNull();
    expect(updateKernels(p, g, null)).not.toBeNull();
  });

  it("falls back for float64 models, plain typed arrays and buffers of two arenas", () => {
    const a = new Arena(0),
      b = new Arena(0);
    const p64 = a.floats("f64", 8),
      g64 = a.floats("f64", 8);
    expect(updateKernels(p64, g64, null)).toBeNull();
    expect(updateKernels(new Float32Array(8), new Float32Array(8), null)).toBeNull();
    const p = a.floats("f32", 8),
      g = a.floats("f32", 8);
    expect(updateKernels(p, g, b.floats("f32", 8))).toBeNull();
    expect(updateKernels(p, g, new Float32Array(8))).toBeNull();
  });

  it("gives float64 arena buffers the float64 loop's exact results", () => {
    const arena = new Arena(0);
    const make = (): FloatArray => arena.floats("f64", n);
    const [p, g, m, v] = [make(), make(), make(), make()];
    const [rp, rg, rm, rv] = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
    p.set(randomArray(n, 3));
    rp.set(randomArray(n, 3));
    for (let t = 1; t <= 3; t++) {
      g.set(randomArray(n, 50 + t));
      rg.set(randomArray(n, 50 + t));
      O.adamUpdate(p, g, m, v, null, start, end, 1e-2, 0.9, 0.999, 1e-8, bc(0.9, t), bc(0.999, t), false, 0, 0, 0, 0, Infinity, 1);
      O.adamUpdate(rp, rg, rm, rv, null, start, end, 1e-2, 0.9, 0.999, 1e-8, bc(0.9, t), bc(0.999, t), false, 0, 0, 0, 0, Infinity, 1);
    }
    expect(Array.from(p)).toEqual(Array.from(rp));
  });

  it("leaves SGD's first step (buf ← g) to the TypeScript loop: bit-identical to plain arrays", () => {
    const step = ([p, g, s]: Bufs): void => O.sgdUpdate(p, g, s, start, end, 0.1, 0.9, 0.2, true, true, 0, 0, 0, Infinity, 1);
    const simd = buffers(true, 0),
      ref = buffers(false, 0);
    for (const b of [simd, ref]) {
      b[1].set(randomArray(n, 5));
      step(b);
    }
    expect(Array.from(simd[0])).toEqual(Array.from(ref[0]));
    expect(Array.from(simd[2])).toEqual(Array.from(ref[2]));
  });
});
