import type { RegistryEntry } from "../types.ts";
import { NUMBER, oneOf, opt, req } from "../params.ts";
import { positive } from "../range.ts";

export const weight_noise: RegistryEntry = {
  name: "weight_noise",
  role: "noise",
  params: [
    req("std", NUMBER, "standard deviation of the noise added to each parameter", positive),
    opt("on", oneOf("weights", "biases", "all"), "weights", "which parameters are perturbed"),
  ],
  doc: "Gaussian noise on the parameters for each training step's forward and backward pass (not kept).",
  details:
    "Each training batch runs forward and backward at w + ε, ε ~ N(0, std²) per parameter, fresh for every batch " +
    "and drawn from the run's seeded generator; the update is then applied to the noise-free w (the noise is not kept). " +
    "This is the standard weight-noise regularizer (Jim, Giles & Horne 1996; Graves 2011; Goodfellow et al., " +
    "Deep Learning §7.5): it favours flat minima where small weight changes do not change the loss. Evaluation, " +
    "checkpoints and predictions use the noise-free weights. Frozen layers are not perturbed. " +
    "`schedule { weight_noise = S }` scales std.",
};
