/**
 * on_nan = restore_last in a generated module: the model owns its learning-rate schedule (`lrAt` is never
 * rebound by the training loop) and exposes `lrScale`, which its update() multiplies the rate by and the loop
 * halves after each restore.
 */
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTraining, type CompiledModel, type FirstOrderModel } from "../../runtime/index.ts";
import { loadSpec, spiralSpec } from "../practice/specs.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const restoring = spiralSpec({ hidden: "fc1: dense(8)\n  relu", optimizer: "sgd(lr = 0.1)", extra: "on_nan = restore_last" });

describe("on_nan = restore_last", () => {
  it("update() steps by lr × lrScale", async () => {
    const m = (await loadSpec(restoring)).createModel(1) as FirstOrderModel;
    expect(m.lrScale).toBe(1);
    m.lrScale = 0.5;
    m.zeroGradients();
    m.grads.fill(1);
    const before = Float64Array.from(m.params);
    m.update();
    // Plain SGD: p ← p − lr·g with g = 1, so every parameter moves by 0.1 × 0.5.
    for (let i = 0; i < before.length; i++) expect(before[i] - m.params[i]).toBeCloseTo(0.05, 6);
  });

  it("halves lrScale after a restore without rebinding the model's lrAt, and the steps after it run at half the rate", async () => {
    const module = await loadSpec(restoring);
    const data = await module.loadData();
    const m = module.createModel(1) as CompiledModel;
    // The fifth batch's loss is NaN: the loop restores the checkpoint written before the first step.
    const lossAndGradient = m.lossAndGradient.bind(m);
    let calls = 0;
    m.lossAndGradient = (...args) => {
      const loss = lossAndGradient(...args);
      return ++calls === 5 ? NaN : loss;
    };
    const out = mkdtempSync(join(tmpdir(), "nnc-restore-last-"));
    dirs.push(out);
    const restores: number[] = [];
    const r = runTraining(m, data, { data, outDir: out, threads: 1, onNanRecovery: (e) => restores.push(e.lrScale) });
    expect(restores).toEqual([0.5]);
    expect(m.lrScale).toBe(0.5);
    expect(Object.hasOwn(m, "lrAt")).toBe(false);
    expect(m.lrAt(0, 0)).toBe(0.1);
    expect(r.perStep.lr.length).toBe(r.steps);
    expect(new Set(r.perStep.lr)).toEqual(new Set([0.05]));
  });

  it("is absent from a model that does not restore", async () => {
    const m = (await loadSpec(spiralSpec({ hidden: "fc1: dense(8)\n  relu", optimizer: "sgd(lr = 0.1)" }))).createModel(1) as CompiledModel;
    expect(m.lrScale).toBeUndefined();
  });
});
