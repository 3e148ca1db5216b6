/** The verdicts of `nnc doctor`'s checks on models built to pass or to fail them. */
import { describe, expect, it } from "vitest";
import { activationStats, checkInitialLoss, checkOverfit, checkUpdateRatios, spreadRows, takeRows } from "../../runtime/index.ts";
import { loadSpec, spiralSpec } from "./specs.ts";

describe("initial loss check", () => {
  it("passes a model whose final layer starts small: the loss is near ln 3", async () => {
    const m = await loadSpec(spiralSpec({ outInit: "normal(0.001)" }));
    const data = await m.loadData();
    const c = checkInitialLoss(m.createModel(), takeRows(data.train, 256, "f32"));
    expect(c.expected).toBeCloseTo(Math.log(3), 12);
    expect(Math.abs(c.loss - Math.log(3))).toBeLessThan(0.01);
    expect(c.ok).toBe(true);
  });

  it("fails a model whose final-layer weights are scaled huge (initial loss far above ln C)", async () => {
    const m = await loadSpec(spiralSpec({ outInit: "normal(50)" }));
    const data = await m.loadData();
    const c = checkInitialLoss(m.createModel(), takeRows(data.train, 256, "f32"));
    expect(c.loss).toBeGreaterThan(2 * Math.log(3));
    expect(c.ok).toBe(false);
    expect(c.lossVerdict).toMatch(/above ln 3/);
  });

  it("reports that l2 regularization raises the initial objective slightly", async () => {
    const m = await loadSpec(spiralSpec({ outInit: "normal(0.001)", extra: "regularize = [l2(1e-4)]" }));
    const c = checkInitialLoss(m.createModel(), takeRows((await m.loadData()).train, 256, "f32"));
    expect(c.penalty).toBeGreaterThan(0);
    expect(c.penalty).toBeLessThan(0.1 * c.loss);
    expect(c.ok).toBe(true);
    expect(c.penaltyVerdict).toMatch(/raises the loss slightly/);
  });

  it("fails when the penalty dominates the objective at initialization", async () => {
    const m = await loadSpec(spiralSpec({ outInit: "normal(0.001)", extra: "regularize = [l2(10)]" }));
    const c = checkInitialLoss(m.createModel(), takeRows((await m.loadData()).train, 256, "f32"));
    expect(c.ok).toBe(false);
    expect(c.penaltyVerdict).toMatch(/dominates/);
  });
});

describe("overfit-a-tiny-sample check", () => {
  it("reaches 100% training accuracy on 20 examples with a sound model and learning rate", async () => {
    const m = await loadSpec(spiralSpec());
    const c = checkOverfit(m.createModel(), spreadRows((await m.loadData()).train, 20, "f32"), 500);
    expect(c.ok).toBe(true);
    expect(c.accuracy).toBe(1);
  });

  it("fails and blames the learning rate when the loss cannot move", async () => {
    const m = await loadSpec(spiralSpec({ optimizer: "sgd(lr = 1e-9)" }));
    const c = checkOverfit(m.createModel(), spreadRows((await m.loadData()).train, 20, "f32"), 50);
    expect(c.ok).toBe(false);
    expect(c.verdict).toMatch(/learning rate is too low/);
  });
});

describe("update/weight ratio check", () => {
  it("accepts a reasonable learning rate", async () => {
    const m = await loadSpec(spiralSpec({ optimizer: "sgd(lr = 0.01)" }));
    const rows = checkUpdateRatios(m.createModel(), (await m.loadData()).train, 10);
    expect(rows.map((r) => r.tensor)).toEqual(["fc1.weight", "fc2.weight", "out.weight"]);
    expect(rows.every((r) => r.verdict === "ok")).toBe(true);
  });

  it("flags a learning rate far too low", async () => {
    const m = await loadSpec(spiralSpec({ optimizer: "sgd(lr = 1e-7)" }));
    const rows = checkUpdateRatios(m.createModel(), (await m.loadData()).train, 10);
    expect(rows.every((r) => r.verdict === "too low")).toBe(true);
    expect(rows.every((r) => r.ratio < 1e-5)).toBe(true);
  });

  it("flags a learning rate far too high", async () => {
    const m = await loadSpec(spiralSpec({ optimizer: "sgd(lr = 50)" }));
    const rows = checkUpdateRatios(m.createModel(), (await m.loadData()).train, 3);
    expect(rows.some((r) => r.verdict === "too high")).toBe(true);
  });
});

describe("activation statistics at initialization", () => {
  const deepTanh = Array.from({ length: 6 }, (_, i) => `h${i + 1}: dense(200)\n  tanh`).join("\n  ");
  const deepRelu = Array.from({ length: 6 }, (_, i) => `h${i + 1}: dense(200)\n  relu`).join("\n  ");
  const stats = async (hidden: string, init: string) => {
    const m = await loadSpec(spiralSpec({ hidden }).replace("weight_init = he_normal()", `weight_init = ${init}`));
    return activationStats(m.createModel(), takeRows((await m.loadData()).train, 256, "f32"));
  };

  it("labels each tanh with the layer feeding it and sees std-1 weights saturate every layer", async () => {
    const rows = await stats(deepTanh, "normal(1)");
    expect(rows).toHaveLength(6);
    expect(rows[0].label).toBe("h1: dense 2 → 200 + tanh");
    expect(rows.slice(1).every((r) => r.verdict === "saturated" && r.saturated! > 0.5)).toBe(true);
  });

  it("sees small gaussian weights collapse tanh activations towards 0 with depth", async () => {
    const rows = await stats(deepTanh, "normal(0.01)");
    expect(rows[5].std).toBeLessThan(1e-4);
    expect(rows[5].verdict).toBe("collapsed");
  });

  it("sees Xavier hold tanh activations", async () => {
    const rows = await stats(deepTanh, "xavier_normal()");
    expect(rows.every((r) => r.verdict === "ok")).toBe(true);
  });

  it("sees He hold ReLU activations and Xavier shrink them by about √2 per layer", async () => {
    const he = await stats(deepRelu, "he_normal()");
    const xavier = await stats(deepRelu, "xavier_normal()");
    expect(he.every((r) => r.verdict === "ok")).toBe(true);
    const shrink = xavier[5].std / xavier[1].std;
    expect(shrink).toBeLessThan(Math.pow(Math.SQRT1_2, 4) * 1.5);
    expect(he[5].std / he[1].std).toBeGreaterThan(0.5);
  });
});
