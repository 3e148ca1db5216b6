import { describe, expect, it } from "vitest";
import * as O from "../../../runtime/optimizers/index.ts";
import type { FloatArray } from "../../../runtime/types.ts";
import { randomArray } from "../kernels/gradcheck.ts";

/*
 * The step functions the generated code calls (sgdStep, adamStep, …) take the step's values, the group and
 * the fixed hyperparameters as records. They must give bit-for-bit what the fused loops gave when the
 * generated code passed the same numbers positionally (lr·lr_mult, wd·wd_mult, the bias corrections
 * 1 − β1ᵗ and 1 − β2ᵗ computed per step, …): checkpoints of existing specs must not change.
 */
const n = 23;
const groups: O.UpdateGroup[] = [
  { start: 0, end: 9, lrMult: 1, wdMult: 1, l2x: 0, l1: 0 },
  { start: 9, end: n, lrMult: 0.3, wdMult: 0, l2x: 2e-3, l1: 1e-4 },
];
/** A step with a scheduled lr, momentum and weight decay, clipping on from the third step. */
const stepAt = (t: number): O.UpdateStep => ({
  t,
  lr: 0.01 / t,
  momentum: 0.9 - 0.01 * t,
  weightDecay: 0.01 * t,
  clipValue: t >= 3 ? 0.5 : Infinity,
  clipScale: t >= 3 ? 0.8 : 1,
});

type Buffers = FloatArray[];
/** Runs 5 steps from the same random start through `viaStep` and `viaLoop`; each gets its own copies of p, g and `states` state buffers. */
function expectSame(
  states: number,
  viaStep: (b: Buffers, s: O.UpdateStep, r: O.UpdateGroup) => void,
  viaLoop: (b: Buffers, s: O.UpdateStep, r: O.UpdateGroup) => void,
): void {
  const fresh = (): Buffers => [
    Float64Array.from(randomArray(n, 3, -1, 1)),
    new Float64Array(n),
    ...Array.from({ length: states }, () => new Float64Array(n)),
  ];
  const a = fresh();
  const b = fresh();
  for (let t = 1; t <= 5; t++) {
    const g = randomArray(n, 10 + t, -2, 2);
    a[1].set(g);
    b[1].set(g);
    for (const r of groups) {
      viaStep(a, stepAt(t), r);
      viaLoop(b, stepAt(t), r);
    }
  }
  expect(Array.from(a[0])).toEqual(Array.from(b[0]));
  for (let i = 2; i < a.length; i++) expect(Array.from(a[i])).toEqual(Array.from(b[i]));
}

describe("optimizer step functions give what the positional loops give", () => {
  it("sgdStep", () => {
    const h: O.SgdHyperparameters = { dampening: 0.1, nesterov: true };
    expectSame(
      1,
      ([p, g, m], s, r) => O.sgdStep(h, s, r, p, g, m),
      ([p, g, m], s, r) =>
        O.sgdUpdate(
          p,
          g,
          m,
          r.start,
          r.end,
          s.lr * r.lrMult,
          s.momentum,
          0.1,
          true,
          s.t === 1,
          s.weightDecay * r.wdMult,
          r.l2x,
          r.l1,
          s.clipValue,
          s.clipScale,
        ),
    );
  });

  it("adagradStep", () => {
    expectSame(
      1,
      ([p, g, sum], s, r) => O.adagradStep({ lrDecay: 0.05, eps: 1e-10 }, s, r, p, g, sum),
      ([p, g, sum], s, r) => {
        const clr = s.lr / (1 + (s.t - 1) * 0.05);
        O.adagradUpdate(p, g, sum, r.start, r.end, clr * r.lrMult, 1e-10, s.weightDecay * r.wdMult, r.l2x, r.l1, s.clipValue, s.clipScale);
      },
    );
  });

  it("adadeltaStep", () => {
    expectSame(
      2,
      ([p, g, v, u], s, r) => O.adadeltaStep({ rho: 0.9, eps: 1e-6 }, s, r, p, g, v, u),
      ([p, g, v, u], s, r) =>
        O.adadeltaUpdate(
          p,
          g,
          v,
          u,
          r.start,
          r.end,
          s.lr * r.lrMult,
          0.9,
          1e-6,
          s.weightDecay * r.wdMult,
          r.l2x,
          r.l1,
          s.clipValue,
          s.clipScale,
        ),
    );
  });

  it("rmspropStep, centered", () => {
    expectSame(
      3,
      ([p, g, v, a, b], s, r) => O.rmspropStep({ alpha: 0.99, eps: 1e-8, centered: true }, s, r, p, g, v, a, b),
      ([p, g, v, a, b], s, r) =>
        O.rmspropUpdate(
          p,
          g,
          v,
          a,
          b,
          r.start,
          r.end,
          s.lr * r.lrMult,
          0.99,
          1e-8,
          s.momentum,
          true,
          s.weightDecay * r.wdMult,
          r.l2x,
          r.l1,
          s.clipValue,
          s.clipScale,
        ),
    );
  });

  for (const decoupled of [false, true])
    it(`adamStep, ${decoupled ? "AdamW" : "Adam"} with amsgrad`, () => {
      const h: O.AdamHyperparameters = { beta2: 0.999, eps: 1e-8, amsgrad: true, decoupledWeightDecay: decoupled };
      expectSame(
        3,
        ([p, g, m, v, x], s, r) => O.adamStep(h, s, r, p, g, m, v, x),
        ([p, g, m, v, x], s, r) => {
          const lr = s.lr * r.lrMult;
          const wd = s.weightDecay * r.wdMult;
          const bc1 = 1 - s.momentum ** s.t;
          const bc2 = 1 - 0.999 ** s.t;
          O.adamUpdate(
            p,
            g,
            m,
            v,
            x,
            r.start,
            r.end,
            lr,
            s.momentum,
            0.999,
            1e-8,
            bc1,
            bc2,
            true,
            decoupled ? 0 : wd,
            decoupled ? lr * wd : 0,
            r.l2x,
            r.l1,
            s.clipValue,
            s.clipScale,
          );
        },
      );
    });

  it("nadamStep", () => {
    const h: O.NadamHyperparameters = { beta2: 0.999, eps: 1e-8, momentumDecay: 4e-3 };
    let productA = 1;
    let productB = 1;
    expectSame(
      2,
      ([p, g, m, v], s, r) => {
        const mu = O.nadamScalars(s.t, s.momentum, h.momentumDecay, productA);
        if (r === groups[groups.length - 1]) productA = mu.muProduct;
        O.nadamStep(h, { ...s, scalars: O.nadamStepScalars(mu) }, r, p, g, m, v);
      },
      ([p, g, m, v], s, r) => {
        const mu = O.nadamScalars(s.t, s.momentum, 4e-3, productB);
        if (r === groups[groups.length - 1]) productB = mu.muProduct;
        const lr = s.lr * r.lrMult;
        const bc2 = 1 - 0.999 ** s.t;
        const coefGrad = (1 - mu.mu) / (1 - mu.muProduct);
        const coefMom = mu.muNext / (1 - mu.muProduct * mu.muNext);
        O.nadamUpdate(
          p,
          g,
          m,
          v,
          r.start,
          r.end,
          lr,
          s.momentum,
          0.999,
          1e-8,
          bc2,
          lr * coefGrad,
          lr * coefMom,
          s.weightDecay * r.wdMult,
          r.l2x,
          r.l1,
          s.clipValue,
          s.clipScale,
        );
      },
    );
  });

  it("radamStep", () => {
    expectSame(
      2,
      ([p, g, m, v], s, r) => O.radamStep({ beta2: 0.999, eps: 1e-8 }, s, r, p, g, m, v),
      ([p, g, m, v], s, r) => {
        const bc1 = 1 - s.momentum ** s.t;
        const bc2 = 1 - 0.999 ** s.t;
        const rect = O.radamRect(s.t, 0.999);
        O.radamUpdate(
          p,
          g,
          m,
          v,
          r.start,
          r.end,
          s.lr * r.lrMult,
          s.momentum,
          0.999,
          1e-8,
          bc1,
          bc2,
          rect,
          s.weightDecay * r.wdMult,
          r.l2x,
          r.l1,
          s.clipValue,
          s.clipScale,
        );
      },
    );
  });

  it("adamaxStep", () => {
    expectSame(
      2,
      ([p, g, m, u], s, r) => O.adamaxStep({ beta2: 0.999, eps: 1e-8 }, s, r, p, g, m, u),
      ([p, g, m, u], s, r) =>
        O.adamaxUpdate(
          p,
          g,
          m,
          u,
          r.start,
          r.end,
          s.lr * r.lrMult,
          s.momentum,
          0.999,
          1e-8,
          1 - s.momentum ** s.t,
          s.weightDecay * r.wdMult,
          r.l2x,
          r.l1,
          s.clipValue,
          s.clipScale,
        ),
    );
  });
});
