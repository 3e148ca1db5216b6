import type { RegistryEntry } from "../types.ts";
import { NUMBER, opt } from "../params.ts";
import { nonNegative, positive } from "../range.ts";

export const gradient_noise: RegistryEntry = {
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
};
