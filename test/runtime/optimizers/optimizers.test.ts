import { describe, expect, it } from "vitest";
import * as O from "../../../runtime/optimizers/index.ts";
import { randomArray } from "../kernels/gradcheck.ts";

/*
 * Each fused update is compared, over several steps on random data, with a straightforward
 * whole-vector float64 transcription of the PyTorch 1.13.1 formula (shared/golden/README.md).
 */
const n = 17,
  steps = 6;
type V = number[];
const map = (f: (...xs: number[]) => number, ...vs: V[]): V => vs[0].map((_, i) => f(...vs.map((v) => v[i])));
const grads = (t: number): V => Array.from(randomArray(n, 100 + t, -2, 2));
const p0 = (): V => Array.from(randomArray(n, 7, -1, 1));

function expectClose(actual: Float64Array, expected: V): void {
  for (let i = 0; i < n; i++) expect(actual[i]).toBeCloseTo(expected[i], 13);
}

describe("optimizers match a plain transcription of PyTorch's rule", () => {
  it("SGD with momentum, dampening, nesterov and weight decay", () => {
    for (const nesterov of [false, true]) {
      const lr = 0.05,
        mom = 0.9,
        damp = nesterov ? 0 : 0.2,
        wd = 0.01;
      let ref = p0(),
        buf: V = [];
      const p = Float64Array.from(p0()),
        g = new Float64Array(n),
        b = new Float64Array(n);
      for (let t = 1; t <= steps; t++) {
        const gt = grads(t);
        const gr = map((gi, pi) => gi + wd * pi, gt, ref);
        buf = t === 1 ? gr : map((bi, gi) => mom * bi + (1 - damp) * gi, buf, gr);
        const dir = nesterov ? map((gi, bi) => gi + mom * bi, gr, buf) : buf;
        ref = map((pi, di) => pi - lr * di, ref, dir);
        g.set(gt);
        O.sgdUpdate(p, g, b, 0, n, lr, mom, damp, nesterov, t === 1, wd, 0, 0, Infinity, 1);
      }
      expectClose(p, ref);
    }
  });

  it("Adagrad with lr decay and an initial accumulator", () => {
    const lr = 0.1,
      decay = 0.01,
      init = 0.1,
      eps = 1e-10;
    let ref = p0(),
      sum: V = new Array(n).fill(init);
    const p = Float64Array.from(p0()),
      g = new Float64Array(n),
      s = new Float64Array(n).fill(init);
    for (let t = 1; t <= steps; t++) {
      const gt = grads(t);
      const clr = lr / (1 + (t - 1) * decay);
      sum = map((si, gi) => si + gi * gi, sum, gt);
      ref = map((pi, gi, si) => pi - (clr * gi) / (Math.sqrt(si) + eps), ref, gt, sum);
      g.set(gt);
      O.adagradUpdate(p, g, s, 0, n, O.adagradClr(lr, decay, t), eps, 0, 0, 0, Infinity, 1);
    }
    expectClose(p, ref);
  });

  it("Adadelta", () => {
    const lr = 1,
      rho = 0.9,
      eps = 1e-6;
    let ref = p0(),
      v: V = new Array(n).fill(0),
      u: V = new Array(n).fill(0);
    const p = Float64Array.from(p0()),
      g = new Float64Array(n),
      vb = new Float64Array(n),
      ub = new Float64Array(n);
    for (let t = 1; t <= steps; t++) {
      const gt = grads(t);
      v = map((vi, gi) => rho * vi + (1 - rho) * gi * gi, v, gt);
      const delta = map((ui, vi, gi) => (Math.sqrt(ui + eps) / Math.sqrt(vi + eps)) * gi, u, v, gt);
      u = map((ui, di) => rho * ui + (1 - rho) * di * di, u, delta);
      ref = map((pi, di) => pi - lr * di, ref, delta);
      g.set(gt);
      O.adadeltaUpdate(p, g, vb, ub, 0, n, lr, rho, eps, 0, 0, 0, Infinity, 1);
    }
    expectClose(p, ref);
  });

  it.each([
    [false, 0],
    [true, 0],
    [false, 0.9],
    [true, 0.9],
  ])("RMSprop centered=%s momentum=%f", (centered, mom) => {
    const lr = 0.01,
      alpha = 0.99,
      eps = 1e-8;
    let ref = p0(),
      v: V = new Array(n).fill(0),
      ga: V = new Array(n).fill(0),
      buf: V = new Array(n).fill(0);
    const p = Float64Array.from(p0()),
      g = new Float64Array(n),
      vb = new Float64Array(n),
      gb = new Float64Array(n),
      bb = new Float64Array(n);
    for (let t = 1; t <= steps; t++) {
      const gt = grads(t);
      v = map((vi, gi) => alpha * vi + (1 - alpha) * gi * gi, v, gt);
      let avg: V;
      if (centered) {
        ga = map((a, gi) => alpha * a + (1 - alpha) * gi, ga, gt);
        avg = map((vi, a) => Math.sqrt(vi - a * a) + eps, v, ga);
      } else avg = map((vi) => Math.sqrt(vi) + eps, v);
      if (mom > 0) {
        buf = map((bi, gi, a) => mom * bi + gi / a, buf, gt, avg);
        ref = map((pi, bi) => pi - lr * bi, ref, buf);
      } else ref = map((pi, gi, a) => pi - (lr * gi) / a, ref, gt, avg);
      g.set(gt);
      O.rmspropUpdate(p, g, vb, centered ? gb : null, mom > 0 ? bb : null, 0, n, lr, alpha, eps, mom, centered, 0, 0, 0, Infinity, 1);
    }
    expectClose(p, ref);
  });

  it.each([
    [false, 0],
    [true, 0],
    [false, 0.05],
  ])("Adam / AdamW amsgrad=%s decoupled weight decay=%f", (ams, wd) => {
    const lr = 0.01,
      b1 = 0.9,
      b2 = 0.999,
      eps = 1e-8;
    let ref = p0(),
      m: V = new Array(n).fill(0),
      v: V = new Array(n).fill(0),
      vmax: V = new Array(n).fill(0);
    const p = Float64Array.from(p0()),
      g = new Float64Array(n),
      mb = new Float64Array(n),
      vb = new Float64Array(n),
      xb = new Float64Array(n);
    for (let t = 1; t <= steps; t++) {
      const gt = grads(t);
      ref = ref.map((pi) => pi * (1 - lr * wd));
      m = map((mi, gi) => b1 * mi + (1 - b1) * gi, m, gt);
      v = map((vi, gi) => b2 * vi + (1 - b2) * gi * gi, v, gt);
      vmax = map(Math.max, vmax, v);
      const bc1 = 1 - b1 ** t,
        bc2 = 1 - b2 ** t;
      const use = ams ? vmax : v;
      ref = map((pi, mi, vi) => pi - (lr / bc1) * (mi / (Math.sqrt(vi) / Math.sqrt(bc2) + eps)), ref, m, use);
      g.set(gt);
      O.adamUpdate(
        p,
        g,
        mb,
        vb,
        ams ? xb : null,
        0,
        n,
        lr,
        b1,
        b2,
        eps,
        O.biasCorrection(b1, t),
        O.biasCorrection(b2, t),
        ams,
        0,
        lr * wd,
        0,
        0,
        Infinity,
        1,
      );
    }
    expectClose(p, ref);
  });

  it("NAdam with the corrected float32 mu_product", () => {
    const lr = 0.01,
      b1 = 0.9,
      b2 = 0.999,
      eps = 1e-8,
      psi = 0.004;
    let ref = p0(),
      m: V = new Array(n).fill(0),
      v: V = new Array(n).fill(0),
      muProdRef = 1,
      muProd = 1;
    const p = Float64Array.from(p0()),
      g = new Float64Array(n),
      mb = new Float64Array(n),
      vb = new Float64Array(n);
    for (let t = 1; t <= steps; t++) {
      const gt = grads(t);
      const mu = b1 * (1 - 0.5 * Math.pow(0.96, t * psi));
      const muNext = b1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * psi));
      muProdRef = new Float32Array([muProdRef * new Float32Array([mu])[0]])[0];
      m = map((mi, gi) => b1 * mi + (1 - b1) * gi, m, gt);
      v = map((vi, gi) => b2 * vi + (1 - b2) * gi * gi, v, gt);
      const bc2 = 1 - b2 ** t;
      const denom = v.map((vi) => Math.sqrt(vi) / Math.sqrt(bc2) + eps);
      ref = map(
        (pi, gi, mi, di) => pi - (((lr * (1 - mu)) / (1 - muProdRef)) * gi) / di - (((lr * muNext) / (1 - muProdRef * muNext)) * mi) / di,
        ref,
        gt,
        m,
        denom,
      );
      const sc = O.nadamScalars(t, b1, psi, muProd);
      muProd = sc.muProduct;
      const { coefGrad, coefMom } = O.nadamCoefficients(lr, sc.mu, sc.muNext, sc.muProduct);
      g.set(gt);
      O.nadamUpdate(p, g, mb, vb, 0, n, lr, b1, b2, eps, bc2, coefGrad, coefMom, 0, 0, 0, Infinity, 1);
    }
    expect(muProd).toBe(muProdRef);
    expectClose(p, ref);
  });

  it("RAdam over the un-rectified and rectified phases", () => {
    const lr = 0.03,
      b1 = 0.9,
      b2 = 0.999,
      eps = 1e-8;
    let ref = p0(),
      m: V = new Array(n).fill(0),
      v: V = new Array(n).fill(0);
    const p = Float64Array.from(p0()),
      g = new Float64Array(n),
      mb = new Float64Array(n),
      vb = new Float64Array(n);
    const rhoInf = 2 / (1 - b2) - 1;
    for (let t = 1; t <= 9; t++) {
      const gt = grads(t);
      m = map((mi, gi) => b1 * mi + (1 - b1) * gi, m, gt);
      v = map((vi, gi) => b2 * vi + (1 - b2) * gi * gi, v, gt);
      const bc1 = 1 - b1 ** t,
        bc2 = 1 - b2 ** t;
      const rhoT = rhoInf - (2 * t * b2 ** t) / bc2;
      if (rhoT > 5) {
        const r = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
        ref = map((pi, mi, vi) => pi - lr * (mi / bc1) * r * (Math.sqrt(bc2) / (Math.sqrt(vi) + eps)), ref, m, v);
      } else ref = map((pi, mi) => pi - lr * (mi / bc1), ref, m);
      g.set(gt);
      O.radamUpdate(p, g, mb, vb, 0, n, lr, b1, b2, eps, bc1, bc2, O.radamRect(t, b2), 0, 0, 0, Infinity, 1);
    }
    expect(O.radamRect(5, 0.999)).toBe(0);
    expect(O.radamRect(6, 0.999)).toBeGreaterThan(0);
    expectClose(p, ref);
  });

  it("Adamax with eps inside the max", () => {
    const lr = 0.02,
      b1 = 0.9,
      b2 = 0.999,
      eps = 1e-8;
    let ref = p0(),
      m: V = new Array(n).fill(0),
      u: V = new Array(n).fill(0);
    const p = Float64Array.from(p0()),
      g = new Float64Array(n),
      mb = new Float64Array(n),
      ub = new Float64Array(n);
    for (let t = 1; t <= steps; t++) {
      const gt = grads(t);
      m = map((mi, gi) => b1 * mi + (1 - b1) * gi, m, gt);
      u = map((ui, gi) => Math.max(b2 * ui, Math.abs(gi) + eps), u, gt);
      ref = map((pi, mi, ui) => pi - (lr / (1 - b1 ** t)) * (mi / ui), ref, m, u);
      g.set(gt);
      O.adamaxUpdate(p, g, mb, ub, 0, n, lr, b1, b2, eps, 1 - b1 ** t, 0, 0, 0, Infinity, 1);
    }
    expectClose(p, ref);
  });
});

describe("effective gradient and properties", () => {
  it("applies l2x, l1·sign, value clipping, norm scale and weight decay in that order", () => {
    // g = 1, p = 2: 1 + 0.5·2 + 0.1 = 2.1 → clip 1.5 → ·0.5 = 0.75 → + 0.01·2 = 0.77
    expect(O.effectiveGrad(1, 2, 0.5, 0.1, 1.5, 0.5, 0.01)).toBeCloseTo(0.77, 15);
    expect(O.effectiveGrad(1, 0, 0, 0.1, Infinity, 1, 0)).toBe(1);
  });

  it("takes sign(p) = −1 for negative p, clips on both sides and passes NaN through", () => {
    expect(O.effectiveGrad(0, -2, 0, 0.1, Infinity, 1, 0)).toBeCloseTo(-0.1, 15);
    expect(O.effectiveGrad(-5, 0, 0, 0, 1.5, 1, 0)).toBe(-1.5);
    expect(O.effectiveGrad(5, 0, 0, 0, 1.5, 1, 0)).toBe(1.5);
    expect(O.effectiveGrad(NaN, 1, 0, 0.1, 1.5, 1, 0)).toBeNaN();
    expect(O.effectiveGrad(1, NaN, 0, 0.1, 1.5, 1, 0)).toBeNaN();
  });

  it("SGD with momentum 0 is plain gradient descent", () => {
    const p = Float64Array.from(p0()),
      g = Float64Array.from(grads(1)),
      buf = new Float64Array(n);
    const expected = p0().map((pi, i) => pi - 0.1 * g[i]);
    O.sgdUpdate(p, g, buf, 0, n, 0.1, 0, 0, false, true, 0, 0, 0, Infinity, 1);
    expectClose(p, expected);
    expect(Array.from(buf)).toEqual(new Array(n).fill(0));
  });

  it("AdamW with weight decay 0 equals Adam", () => {
    const run = (dd: number) => {
      const p = Float64Array.from(p0()),
        m = new Float64Array(n),
        v = new Float64Array(n);
      for (let t = 1; t <= 3; t++)
        O.adamUpdate(
          p,
          Float64Array.from(grads(t)),
          m,
          v,
          null,
          0,
          n,
          0.01,
          0.9,
          0.999,
          1e-8,
          1 - 0.9 ** t,
          1 - 0.999 ** t,
          false,
          0,
          dd,
          0,
          0,
          Infinity,
          1,
        );
      return p;
    };
    expect(Array.from(run(0.01 * 0))).toEqual(Array.from(run(0)));
    expect(Array.from(run(0.001))).not.toEqual(Array.from(run(0)));
  });

  it("touches only [start, end)", () => {
    const p = Float64Array.from(p0()),
      g = Float64Array.from(grads(1)),
      m = new Float64Array(n),
      v = new Float64Array(n);
    O.adamUpdate(p, g, m, v, null, 3, 9, 0.01, 0.9, 0.999, 1e-8, 0.1, 0.001, false, 0, 0, 0, 0, Infinity, 1);
    const before = p0();
    for (let i = 0; i < n; i++) if (i < 3 || i >= 9) expect(p[i]).toBe(before[i]);
    expect(p[5]).not.toBe(before[5]);
  });
});
