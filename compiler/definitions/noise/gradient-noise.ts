import { NUMBER, opt } from "../../registry/params.ts";
import { nonNegative, positive } from "../../registry/range.ts";
import { num } from "../../codegen/literals.ts";
import { defineNoise } from "./definition.ts";

export const gradient_noise = defineNoise({
  entry: {
    name: "gradient_noise",
    role: "noise",
    params: [
      opt("eta", NUMBER, 0.3, "noise variance at the first step, η (the paper tries 0.01, 0.3 and 1.0)", positive),
      opt("gamma", NUMBER, 0.55, "annealing exponent γ of the variance", nonNegative),
    ],
    doc: "Annealed Gaussian noise on the gradient: g ← g + N(0, η/(1+k)^γ) (Neelakantan et al. 2015).",
    details:
      "Before each optimizer step k = 0, 1, … every trainable gradient element gets independent noise of variance " +
      "σ²_k = η/(1 + k)^γ, drawn from the run's seeded generator (Neelakantan et al. 2015, \"Adding gradient noise " +
      'improves learning for very deep networks": γ = 0.55, η ∈ {0.01, 0.3, 1.0}; 0.3 here). The noise is added to ' +
      "the averaged mini-batch gradient before the l1/l2 terms, clipping and the optimizer. " +
      "`schedule { gradient_noise = S }` scales η.",
  },
  field: "gradientNoise",
  plan: (a) => ({ eta: a.number("eta"), gamma: a.number("gamma") }),
  typescript: (gn, _model, layout) => ({
    imports: ["addGradientNoise", "gradientNoiseStd"],
    savedSize: 0,
    scale: { method: "gradientNoiseAt", base: gn.eta, scheduleKey: "gradient_noise" },
    updateLines: [
      `// gradient noise (Neelakantan et al. 2015): variance η/(1 + k)^γ at step k = t − 1`,
      `const noiseStd = gradientNoiseStd(this.gradientNoiseAt(t - 1, this.epoch), ${num(gn.gamma)}, t - 1);`,
      ...layout.groups.map((g) => `addGradientNoise(G, ${g.start}, ${g.end}, noiseStd, this.rng);`),
    ],
  }),
});
