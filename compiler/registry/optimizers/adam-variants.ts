import type { RegistryEntry } from "../types.ts";
import { NUMBER, opt } from "../params.ts";
import { nonNegative } from "../range.ts";
import { betas, eps, lr, weightDecay } from "./common.ts";

export const nadam: RegistryEntry = {
  name: "nadam",
  role: "optimizer",
  params: [
    lr(2e-3),
    betas,
    eps(1e-8),
    weightDecay(0),
    opt("momentum_decay", NUMBER, 4e-3, "ψ of the momentum schedule μ_t = β1(1 − ½·0.96^{tψ})", nonNegative),
  ],
  doc: "NAdam: Adam with Nesterov momentum.",
  details:
    "Adam whose first-moment term looks ahead like Nesterov momentum (Dozat 2016): the update uses " +
    "μ_{t+1}·m̂ + (1 − μ_t)·g/(1 − Πμ) with a slowly warming momentum schedule μ_t.",
};

export const radam: RegistryEntry = {
  name: "radam",
  role: "optimizer",
  params: [lr(1e-3), betas, eps(1e-8), weightDecay(0)],
  doc: "RAdam: Adam with a rectified, variance-aware warm-up.",
  details:
    "While the variance of the adaptive term is intractable (ρ_t ≤ 5) it takes plain momentum steps; afterwards " +
    "Adam steps scaled by the rectification r_t (Liu et al. 2019). Removes the need for a hand-tuned warm-up.",
};

export const adamax: RegistryEntry = {
  name: "adamax",
  role: "optimizer",
  params: [lr(2e-3), betas, eps(1e-8), weightDecay(0)],
  doc: "Adamax: Adam with the infinity norm.",
  details: "u ← max(β2·u, |g| + ε), θ ← θ − (lr/(1 − β1ᵗ))·m/u. A stable variant of Adam (Kingma & Ba 2014, §7).",
};
