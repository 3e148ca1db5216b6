import type { RegistryEntry } from "../types.ts";
import { BOOLEAN, opt } from "../params.ts";
import { betas, eps, lr, weightDecay } from "./common.ts";

const adamDetails =
  "m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ), θ ← θ − lr·m̂/(√v̂ + ε). " +
  "Momentum on the gradient plus RMSprop's per-parameter scaling, with bias correction so the first steps are " +
  "not tiny (Kingma & Ba 2014). The recommended default (CS231n): lr = 1e-3, β = (0.9, 0.999), ε = 1e-8.";

export const adam: RegistryEntry = {
  name: "adam",
  role: "optimizer",
  params: [lr(1e-3), betas, eps(1e-8), weightDecay(0), opt("amsgrad", BOOLEAN, false, "use the maximum of past v̂ (AMSGrad)")],
  doc: "Adam: momentum plus per-parameter adaptive step sizes, bias-corrected.",
  details: adamDetails + " weight_decay here is an L2 term added to the gradient (coupled); for decoupled decay use adamw.",
};

export const adamw: RegistryEntry = {
  name: "adamw",
  role: "optimizer",
  params: [lr(1e-3), betas, eps(1e-8), weightDecay(0.01), opt("amsgrad", BOOLEAN, false, "use the maximum of past v̂ (AMSGrad)")],
  doc: "AdamW: Adam with decoupled weight decay.",
  details:
    adamDetails +
    " AdamW applies θ ← θ − lr·λ·θ separately from the adaptive step (Loshchilov & Hutter 2017), so weight " +
    "decay is not rescaled by 1/√v̂ and behaves like true L2 shrinkage.",
};
