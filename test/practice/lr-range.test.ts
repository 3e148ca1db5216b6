/** The learning-rate range test: exponential sweep, divergence stop, and the suggestion rules. */
import { describe, expect, it } from "vitest";
import { lrRangeTest, suggest } from "../../runtime/index.ts";
import { loadSpec, spiralSpec } from "./specs.ts";

describe("lr range test", () => {
  it("raises the learning rate exponentially from start to end", async () => {
    const m = await loadSpec(spiralSpec({ optimizer: "sgd(lr = 0.1)" }));
    const r = lrRangeTest(m.createModel(), (await m.loadData()).train, { start: 1e-6, end: 1e-2, iterations: 41 });
    expect(r.points).toHaveLength(41);
    expect(r.points[0].lr).toBeCloseTo(1e-6, 15);
    expect(r.points[40].lr).toBeCloseTo(1e-2, 10);
    expect(r.points[20].lr).toBeCloseTo(1e-4, 12);
    expect(r.diverged).toBe(false);
  });

  it("stops when plain SGD diverges and suggests a learning rate below the divergence point", async () => {
    const m = await loadSpec(spiralSpec({ optimizer: "sgd(lr = 0.1)" }));
    const r = lrRangeTest(m.createModel(), (await m.loadData()).train, { start: 1e-5, end: 1e4, iterations: 100 });
    expect(r.diverged).toBe(true);
    expect(r.points.length).toBeLessThan(100);
    const last = r.points[r.points.length - 1].lr;
    expect(r.suggestion).toBeGreaterThan(1e-5);
    expect(r.suggestion).toBeLessThan(last);
  });

  it("suggests the steepest descent of the smoothed loss and reports a tenth of the minimum's lr", () => {
    // Loss falls fastest between lr 1e-3 and 1e-2, bottoms out at 1e-1.
    const lrs = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1];
    const losses = [2.0, 1.95, 1.8, 0.9, 0.5, 3.0];
    const points = lrs.map((lr, i) => ({ step: i, lr, loss: losses[i], smoothed: losses[i] }));
    const s = suggest(points);
    expect(s.steepest).toBe(1e-2);
    expect(s.minOverTen).toBeCloseTo(1e-2, 15);
  });

  it("refuses L-BFGS, which picks its own step and whose model has no per-batch update()", async () => {
    const m = await loadSpec(spiralSpec({ optimizer: "lbfgs()" }).replace("batch_size = 32", "batch_size = 300"));
    const data = await m.loadData();
    const model = m.createModel();
    expect(model.update).toBeUndefined();
    expect(() => lrRangeTest(model, data.train)).toThrow(
      /^the learning-rate range test needs a first-order optimizer \(sgd, adam, …\) that updates per mini-batch; L-BFGS .* line search$/,
    );
  });
});
