/**
 * stochastic_depth and dense(dropconnect) draw from the model's random generator while training, so, as dropout,
 * their models train on one thread: split across data-parallel workers the draws would depend on the split.
 */
import { describe, expect, it } from "vitest";
import { unshardableReason } from "../../compiler/codegen/shardable.ts";
import { analyze } from "../../compiler/index.ts";
import { specWithLayers } from "./compiled-model.ts";

const planOf = (layers: string) => analyze(specWithLayers(layers), { source: "threads.nn", baseDir: "/specs" }).plan!;

describe("random layers and data-parallel training", () => {
  it("keeps a model with stochastic_depth on one thread, naming the layer", () => {
    expect(unshardableReason(planOf(`c: conv2d(2, 3)\nsd: stochastic_depth(0.2)\nflatten\nout: dense(3)`))).toBe(
      "stochastic_depth sd draws its masks from the model's random generator",
    );
  });

  it("keeps a model with DropConnect on one thread, and a plain dense model data-parallel", () => {
    expect(unshardableReason(planOf(`flatten\nfc: dense(4, dropconnect = 0.1)\nout: dense(3)`))).toBe(
      "dense fc draws its DropConnect masks from the model's random generator",
    );
    expect(unshardableReason(planOf(`flatten\nfc: dense(4)\nln: layernorm\ngn: groupnorm(2)\nout: dense(3)`))).toBeUndefined();
  });
});
