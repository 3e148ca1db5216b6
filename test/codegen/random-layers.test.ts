/**
 * dense(dropconnect = p) and stochastic_depth in generated code: float64 gradient checks (the mask is the same
 * in every evaluation because the check restores the generator), a fresh weight mask per training step,
 * evaluation with every weight, and the PyTorch script's module giving the same evaluation output.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emitModel } from "../../compiler/pytorch/emit-model.ts";
import { gradientCheck, Rng, type CompiledModel } from "../../runtime/index.ts";
import { hasTorch, runPython } from "../pytorch/python.ts";
import { loadModel, specWithLayers } from "./compiled-model.ts";

const TOLERANCE = 1e-6;

function inputs(model: CompiledModel, n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return new Float64Array(n * model.definition.inputSize).map(() => rng.normal());
}

const cases: Record<string, string> = {
  "dropconnect on a hidden dense layer after a convolution": `c: conv2d(2, 3)\nflatten\nfc: dense(8, dropconnect = 0.5)\nrelu\nout: dense(3)`,
  "dropconnect on the output layer, without bias": `flatten\nfc: dense(6)\ntanh\nout: dense(3, bias = false, dropconnect = 0.3)`,
};

describe("dense with dropconnect in generated code", () => {
  for (const [what, layers] of Object.entries(cases)) {
    it(`${what}: float64 gradients match central differences within ${TOLERANCE}`, async () => {
      const { model } = await loadModel(specWithLayers(layers), `gradcheck-${what.replace(/\W+/g, "-")}`);
      const n = 5;
      const labels = new Int32Array(n).map((_, i) => i % 3);
      const r = gradientCheck(model, inputs(model, n, 4), labels, new Float64Array(n * 3), n, { perTensor: 40 });
      expect(r.perTensor.has("fc.weight")).toBe(true);
      expect(r.worst!.relativeError, JSON.stringify(r.worst)).toBeLessThanOrEqual(TOLERANCE);
    });
  }

  it("draws a fresh weight mask each training forward and evaluates with every weight", async () => {
    const dropping = (await loadModel(specWithLayers(`flatten\nout: dense(3, dropconnect = 0.5)`), "dropconnect-eval")).model;
    const plain = (await loadModel(specWithLayers(`flatten\nout: dense(3)`), "dropconnect-plain")).model;
    const x = inputs(dropping, 8, 5);
    // Same seed, same initial weights: evaluation is the plain layer's.
    expect(Array.from(dropping.forward(x, 8, false))).toEqual(Array.from(plain.forward(x, 8, false)));
    const first = Array.from(dropping.forward(x, 8, true));
    const second = Array.from(dropping.forward(x, 8, true));
    expect(first).not.toEqual(second);
    expect(first).not.toEqual(Array.from(plain.forward(x, 8, false)));
  });

  it.skipIf(!hasTorch())("the PyTorch script's modules (DropConnectLinear, StochasticDepth) give nnc's evaluation output", async () => {
    const layers = `c: conv2d(3, 3)\nstochastic_depth(0.3)\nflatten\nfc: dense(8, dropconnect = 0.4)\nrelu\nout: dense(3, dropconnect = 0.2)`;
    const { model, plan } = await loadModel(specWithLayers(layers), "random-layers-pytorch");
    const n = 4;
    const x = inputs(model, n, 6);
    const tensors = Object.fromEntries(
      model.definition.tensors.map((t) => [
        t.name,
        Array.from((t.buffer === "params" ? model.params : model.stats).subarray(t.offset, t.offset + t.size)),
      ]),
    );
    const script = [
      "import json, sys",
      "import torch",
      "import torch.nn as nn",
      "import torch.nn.functional as F",
      emitModel(plan),
      [
        "data = json.load(open(sys.argv[1]))",
        "model = Model().double()",
        "with torch.no_grad():",
        "    for name, t in model.state_dict().items():",
        "        t.copy_(torch.tensor(data['tensors'][name], dtype=torch.float64).reshape(t.shape))",
        "model.eval()",
        "x = torch.tensor(data['x'], dtype=torch.float64).reshape(data['n'], 2, 5, 5)",
        "evaluated = model(x)",
        "model.train()",
        "trained = model(x)",
        "print(json.dumps({'eval': evaluated.flatten().tolist(), 'differs': bool((trained != evaluated).any())}))",
      ].join("\n"),
    ].join("\n\n");
    const dir = join(import.meta.dirname, "../../tmp/random-layers-pytorch");
    writeFileSync(join(dir, "weights.json"), JSON.stringify({ tensors, x: Array.from(x), n }));
    const out = JSON.parse(runPython(["-c", script, join(dir, "weights.json")]).stdout) as { eval: number[]; differs: boolean };
    const ours = Array.from(model.forward(x, n, false).subarray(0, n * 3));
    expect(out.eval.length).toBe(ours.length);
    out.eval.forEach((v, i) => expect(v).toBeCloseTo(ours[i], 10));
    expect(out.differs).toBe(true);
  });
});
