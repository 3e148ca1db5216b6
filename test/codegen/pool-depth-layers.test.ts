/**
 * adaptive_avgpool and stochastic_depth through the code nnc generates: float64 gradient checks, and stochastic
 * depth's behaviour (whole rows dropped and rescaled while training, the identity in evaluation).
 */
import { describe, expect, it } from "vitest";
import { gradientCheck, Rng, type CompiledModel } from "../../runtime/index.ts";
import { loadModel, specWithLayers } from "./compiled-model.ts";

const TOLERANCE = 1e-6;

function batch(model: CompiledModel, n: number, seed: number) {
  const rng = new Rng(seed);
  const x = new Float64Array(n * model.definition.inputSize).map(() => rng.normal());
  const labels = new Int32Array(n).map(() => rng.int(model.definition.outputSize));
  return { x, labels, targets: new Float64Array(n * model.definition.outputSize) };
}

const gradCases: Record<string, string> = {
  "adaptive_avgpool 5×5 → 3×3 (overlapping bins)": `c: conv2d(3, 3, padding = 1)\nrelu\nadaptive_avgpool(3)\nflatten\nout: dense(3)`,
  "adaptive_avgpool 5×5 → [2, 7] (an upsampled side), then a convolution": `c: conv2d(3, 3, padding = 1)\nadaptive_avgpool([2, 7])\nc2: conv2d(2, 2)\nflatten\nout: dense(3)`,
  "stochastic_depth on a convolution's output": `c: conv2d(3, 3, padding = 1)\nstochastic_depth(0.5)\nrelu\nflatten\nout: dense(3)`,
};

describe("adaptive_avgpool and stochastic_depth in generated code", () => {
  for (const [what, layers] of Object.entries(gradCases)) {
    it(`${what}: float64 gradients match central differences within ${TOLERANCE}`, async () => {
      const { model } = await loadModel(specWithLayers(layers), `gradcheck-${what.replace(/\W+/g, "-")}`);
      const { x, labels, targets } = batch(model, 6, 11);
      const r = gradientCheck(model, x, labels, targets, 6, { perTensor: 30 });
      expect(r.perTensor.has("c.weight")).toBe(true);
      expect(r.worst!.relativeError, JSON.stringify(r.worst)).toBeLessThanOrEqual(TOLERANCE);
    });
  }

  it("stochastic_depth drops whole rows (scaling kept ones by 1/(1 − p)) in training and is the identity in evaluation", async () => {
    const p = 0.4;
    const withDepth = (await loadModel(specWithLayers(`flatten\nout: dense(3)\nstochastic_depth(${p})`), "depth-rows")).model;
    const without = (await loadModel(specWithLayers(`flatten\nout: dense(3)`), "depth-none")).model;
    const n = 64;
    const { x } = batch(withDepth, n, 3);
    const evaluated = Array.from(withDepth.forward(x, n, false));
    // No parameters of its own: the same seed gives the same weights, so evaluation equals the model without it.
    expect(evaluated).toEqual(Array.from(without.forward(x, n, false)));
    const trained = Array.from(withDepth.forward(x, n, true));
    let dropped = 0;
    for (let r = 0; r < n; r++) {
      const row = trained.slice(r * 3, r * 3 + 3);
      if (row.every((v) => v === 0)) dropped++;
      else row.forEach((v, i) => expect(v).toBeCloseTo(evaluated[r * 3 + i] / (1 - p), 12));
    }
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThan(n);
  });
});
