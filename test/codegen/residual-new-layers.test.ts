/**
 * The new layers inside graph models: a pre-activation residual block (group norm first, stochastic depth
 * last in the branch, zero-γ start of its last batch norm) repeated twice, then layer norm, adaptive pooling
 * and a DropConnect classifier. Float64 gradient checks through the generated backward pass, whose fan-out
 * (the block input feeds the branch and the shortcut) sums the gradients.
 */
import { describe, expect, it } from "vitest";
import { gradientCheck, Rng } from "../../runtime/index.ts";
import { loadModel } from "./compiled-model.ts";

const spec = `data {
  train = csv("data.csv", label = 0)
}
block preact(c) {
  residual(zero_init = true) {
    gn1: groupnorm(2)
    relu
    conv1: conv2d(c, 3, padding = 1, bias = false)
    bn1: batchnorm
    relu
    conv2: conv2d(c, 3, padding = 1, bias = false)
    bn2: batchnorm
    stochastic_depth(0.3)
  }
}
model {
  input = [2, 5, 5]
  conv0: conv2d(4, 3, padding = 1)
  layer1: repeat(2, preact(4))
  ln: layernorm
  adaptive_avgpool(2)
  flatten
  fc: dense(3, dropconnect = 0.2)
  loss = cross_entropy()
}
train {
  optimizer = sgd(lr = 0.1)
  steps = 1
  batch_size = 8
}
`;

describe("the new layers in a residual network", () => {
  it("start each block's last batch norm at γ = 0, so the blocks start as the identity", async () => {
    const { model } = await loadModel(spec, "residual-new-layers-init");
    const gamma = model.definition.tensors.filter((t) => /^layer1\.\d\.bn2\.weight$/.test(t.name));
    expect(gamma.map((t) => t.name)).toEqual(["layer1.0.bn2.weight", "layer1.1.bn2.weight"]);
    for (const t of gamma) expect(Array.from(model.params.subarray(t.offset, t.offset + t.size))).toEqual([0, 0, 0, 0]);
  });

  it("float64 gradients (group norm, stochastic depth, layer norm, adaptive pooling, DropConnect, fan-out) match central differences", async () => {
    const { model } = await loadModel(spec, "residual-new-layers-gradcheck");
    const rng = new Rng(21);
    // Move every γ off its start (0 for the zero-initialised ones, which would hide the branch's gradients).
    for (const t of model.definition.tensors)
      if (t.buffer === "params") for (let i = 0; i < t.size; i++) model.params[t.offset + i] += 0.3 * rng.normal();
    const n = 6;
    const x = new Float64Array(n * model.definition.inputSize).map(() => rng.normal());
    const labels = new Int32Array(n).map((_, i) => i % 3);
    const r = gradientCheck(model, x, labels, new Float64Array(n * 3), n, { perTensor: 20 });
    expect([...r.perTensor.keys()]).toContain("layer1.0.gn1.weight");
    expect([...r.perTensor.keys()]).toContain("conv0.weight");
    expect(r.worst!.relativeError, JSON.stringify(r.worst)).toBeLessThanOrEqual(1e-6);
  });
});
