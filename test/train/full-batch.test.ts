/**
 * L-BFGS in a generated module: the model has lbfgsStep and no update() (an optional member of the
 * contract, runtime/contract.ts), and the training loop dispatches on what the model has — one full-batch
 * step per epoch — while the per-batch tools refuse it with an error naming them.
 */
import { describe, expect, it } from "vitest";
import { checkUpdateRatios, isFullBatch, requireFirstOrder, runTraining } from "../../runtime/index.ts";
import { loadSpec, spiralSpec } from "../practice/specs.ts";

const lbfgs = spiralSpec({ hidden: "fc1: dense(16)\n  relu", optimizer: "lbfgs()", extra: "epochs = 4" })
  .replace("epochs = 1", "")
  .replace("batch_size = 32", "batch_size = 300");

describe("a full-batch (L-BFGS) model", () => {
  it("has lbfgsStep and no update(), and trains one step per epoch through it, lowering the loss", async () => {
    const module = await loadSpec(lbfgs);
    const data = await module.loadData();
    const model = module.createModel(1);
    expect(model.update).toBeUndefined();
    expect(isFullBatch(model)).toBe(true);
    const r = runTraining(model, data, { data, threads: 1 });
    expect(r.epochs).toHaveLength(4);
    expect(r.steps).toBe(4);
    expect(model.step).toBe(4);
    expect(r.epochs[3].train_loss!).toBeLessThan(r.epochs[0].train_loss!);
  });

  it("is refused by the per-batch tools with their name and what they need, not a TypeError", async () => {
    const module = await loadSpec(lbfgs);
    const data = await module.loadData();
    const model = module.createModel(1);
    expect(() => requireFirstOrder(model, "my loop")).toThrow(/^my loop needs a first-order optimizer \(sgd, adam, …\)/);
    expect(() => checkUpdateRatios(model, data.train)).toThrow(RangeError);
    expect(() => checkUpdateRatios(model, data.train)).toThrow(/^the update\/weight ratio check needs a first-order optimizer/);
  });

  it("a first-order model has update() and no lbfgsStep", async () => {
    const model = (await loadSpec(spiralSpec({ optimizer: "sgd(lr = 0.1)" }))).createModel(1);
    expect(isFullBatch(model)).toBe(false);
    expect(() => requireFirstOrder(model, "my loop")).not.toThrow();
    expect(model.lbfgsStep).toBeUndefined();
  });
});
