/**
 * Float64 finite-difference checks of the generated backward pass of layernorm and groupnorm: their γ and β
 * gradients, and their input gradients through the convolution before them, whose weight gradients depend on it.
 */
import { describe, expect, it } from "vitest";
import { gradientCheck, Rng } from "../../runtime/index.ts";
import { loadModel, specWithLayers } from "./compiled-model.ts";

const TOLERANCE = 1e-6;

/** Each case's layers and the normalisation tensors it must check. */
const cases: Record<string, { layers: string; norms: string[] }> = {
  "layernorm after a convolution ([C, H, W] γ and β)": {
    layers: `c: conv2d(4, 3, padding = 1)\nln: layernorm\nrelu\nflatten\nout: dense(3)`,
    norms: ["ln.weight", "ln.bias"],
  },
  "layernorm after dense ([F] γ and β)": {
    layers: `flatten\nfc: dense(6)\nln: layernorm(eps = 1e-3)\ntanh\nout: dense(3)`,
    norms: ["ln.weight", "ln.bias"],
  },
  "layernorm without affine": { layers: `c: conv2d(4, 3, padding = 1)\nlayernorm(affine = false)\nflatten\nout: dense(3)`, norms: [] },
  "groupnorm, 2 groups of 2 channels": {
    layers: `c: conv2d(4, 3, padding = 1)\ngn: groupnorm(2)\nrelu\nflatten\nout: dense(3)`,
    norms: ["gn.weight", "gn.bias"],
  },
  "groupnorm, one group per channel, after another groupnorm": {
    layers: `c: conv2d(4, 3, padding = 1)\ngn1: groupnorm(4)\ngn2: groupnorm(1, eps = 1e-4)\nflatten\nout: dense(3)`,
    norms: ["gn1.weight", "gn1.bias", "gn2.weight", "gn2.bias"],
  },
};

describe("float64 gradient check of layernorm and groupnorm in generated code", () => {
  for (const [what, { layers, norms }] of Object.entries(cases)) {
    it(`${what}: analytic gradients match central differences within ${TOLERANCE}`, async () => {
      const { model } = await loadModel(specWithLayers(layers), `gradcheck-norm-${what.replace(/\W+/g, "-")}`);
      const def = model.definition;
      const n = 4;
      const rng = new Rng(11);
      const x = new Float64Array(n * def.inputSize).map(() => rng.normal());
      const labels = new Int32Array(n).map(() => rng.int(def.outputSize));
      // γ = 1 and β = 0 at the start would hide a swapped or missing γ in backward: move them away first.
      for (const t of def.tensors)
        if (/\.(weight|bias)$/.test(t.name) && /^(ln|gn)/.test(t.name))
          for (let i = 0; i < t.size; i++) model.params[t.offset + i] += 0.5 * rng.normal();
      const r = gradientCheck(model, x, labels, new Float64Array(n * def.outputSize), n, { perTensor: 40 });
      expect([...r.perTensor.keys()].filter((t) => /^(ln|gn)/.test(t))).toEqual(norms);
      expect(r.perTensor.has("c.weight") || r.perTensor.has("fc.weight")).toBe(true);
      expect(r.worst!.relativeError, JSON.stringify(r.worst)).toBeLessThanOrEqual(TOLERANCE);
    });
  }
});
