import { describe, expect, it } from "vitest";
import { Lbfgs, lbfgsDefaults } from "../../../runtime/optimizers/lbfgs.ts";
import { cubicInterpolate } from "../../../runtime/optimizers/strong-wolfe.ts";

/** Rosenbrock in 2·k dimensions: Σ 100(x_{2i+1} − x_{2i}²)² + (1 − x_{2i})², minimum 0 at all ones. */
function rosenbrock(p: Float64Array, g: Float64Array): number {
  let f = 0;
  g.fill(0);
  for (let i = 0; i < p.length; i += 2) {
    const a = p[i],
      b = p[i + 1];
    f += 100 * (b - a * a) ** 2 + (1 - a) ** 2;
    g[i] = -400 * a * (b - a * a) - 2 * (1 - a);
    g[i + 1] = 200 * (b - a * a);
  }
  return f;
}

describe("L-BFGS", () => {
  it("minimises the Rosenbrock function with strong-Wolfe line search", () => {
    const n = 4;
    const p = new Float64Array([-1.2, 1, -1.2, 1]),
      g = new Float64Array(n);
    const opt = new Lbfgs(n, lbfgsDefaults({ maxIter: 100, lineSearch: "strong_wolfe" }), "f64");
    for (let s = 0; s < 5; s++) opt.step(p, g, () => rosenbrock(p, g));
    for (let i = 0; i < n; i++) expect(p[i]).toBeCloseTo(1, 4);
    expect(rosenbrock(p, g)).toBeLessThan(1e-8);
  });

  it("minimises a convex quadratic without line search", () => {
    // f = ½ Σ a_i (x_i − c_i)²
    const n = 6,
      a = [1, 2, 3, 4, 5, 6],
      c = [1, -1, 2, 0.5, -2, 3];
    const p = new Float64Array(n),
      g = new Float64Array(n);
    const f = () => {
      let s = 0;
      for (let i = 0; i < n; i++) {
        s += 0.5 * a[i] * (p[i] - c[i]) ** 2;
        g[i] = a[i] * (p[i] - c[i]);
      }
      return s;
    };
    const opt = new Lbfgs(n, lbfgsDefaults({ maxIter: 50, toleranceChange: 1e-14 }), "f64");
    for (let s = 0; s < 5; s++) opt.step(p, g, f);
    for (let i = 0; i < n; i++) expect(p[i]).toBeCloseTo(c[i], 6);
  });

  it("returns immediately (one evaluation) at a stationary point", () => {
    const p = new Float64Array([1, 1]),
      g = new Float64Array(2);
    let calls = 0;
    const opt = new Lbfgs(2, lbfgsDefaults(), "f64");
    const loss = opt.step(p, g, () => {
      calls++;
      return rosenbrock(p, g);
    });
    expect(loss).toBe(0);
    expect(calls).toBe(1);
  });

  it("respects max_eval and max_iter defaults from PyTorch", () => {
    const o = lbfgsDefaults();
    expect(o).toMatchObject({
      lr: 1,
      maxIter: 20,
      maxEval: 25,
      toleranceGrad: 1e-7,
      toleranceChange: 1e-9,
      historySize: 100,
      lineSearch: "none",
    });
    expect(lbfgsDefaults({ maxIter: 10 }).maxEval).toBe(12);
  });

  it("resumes identically from a saved state", () => {
    const run = (split: boolean) => {
      const p = new Float64Array([-1.2, 1]),
        g = new Float64Array(2);
      let opt = new Lbfgs(2, lbfgsDefaults({ maxIter: 5, lineSearch: "strong_wolfe" }), "f64");
      opt.step(p, g, () => rosenbrock(p, g));
      if (split) {
        const fresh = new Lbfgs(2, lbfgsDefaults({ maxIter: 5, lineSearch: "strong_wolfe" }), "f64");
        fresh.setState(opt.getState());
        opt = fresh;
      }
      opt.step(p, g, () => rosenbrock(p, g));
      return Array.from(p);
    };
    expect(run(true)).toEqual(run(false));
  });

  it("cubic interpolation finds the minimum of a cubic through two points", () => {
    // f(x) = (x − 1)² has f'(0) = −2, f'(3) = 4, minimum at 1
    expect(cubicInterpolate(0, 1, -2, 3, 4, 4)).toBeCloseTo(1, 12);
    // clamped to the bounds
    expect(cubicInterpolate(0, 1, -2, 3, 4, 4, [2, 5])).toBe(2);
  });
});
