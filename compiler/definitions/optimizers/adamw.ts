import { defineOptimizer } from "./definition.ts";
import { adamDetails, adamPlan, adamPyTorch, adamUpdate, amsgradParam, type AdamPlan } from "./adam.ts";
import { betas, eps, lr, weightDecay } from "./params.ts";

export const adamw = defineOptimizer<AdamPlan<"adamw">>({
  entry: {
    name: "adamw",
    role: "optimizer",
    params: [lr(1e-3), betas, eps(1e-8), weightDecay(0.01), amsgradParam],
    doc: "AdamW: Adam with decoupled weight decay.",
    details:
      adamDetails +
      " AdamW applies θ ← θ − lr·λ·θ separately from the adaptive step (Loshchilov & Hutter 2017), so weight " +
      "decay is not rescaled by 1/√v̂ and behaves like true L2 shrinkage.",
  },
  plan: (a, span) => adamPlan("adamw", a, span),
  scheduled: (p) => ({ lr: p.lr, momentum: { name: "beta1", base: p.betas[0] }, weightDecay: p.weightDecay }),
  typescript: adamUpdate,
  pytorch: (p) => adamPyTorch("torch.optim.AdamW", p),
});
