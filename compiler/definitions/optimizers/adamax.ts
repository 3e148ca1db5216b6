import type { Span } from "../../../grammar/span.ts";
import { betaPair, defineOptimizer } from "./definition.ts";
import { hyperparameterConstant, py } from "./emit.ts";
import { betas, eps, lr, weightDecay } from "./params.ts";

export interface AdamaxPlan {
  readonly name: "adamax";
  readonly lr: number;
  readonly betas: readonly [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  readonly span: Span;
}

export const adamax = defineOptimizer<AdamaxPlan>({
  entry: {
    name: "adamax",
    role: "optimizer",
    params: [lr(2e-3), betas, eps(1e-8), weightDecay(0)],
    doc: "Adamax: Adam with the infinity norm.",
    details: "u ← max(β2·u, |g| + ε), θ ← θ − (lr/(1 − β1ᵗ))·m/u. A stable variant of Adam (Kingma & Ba 2014, §7).",
  },
  plan: (a, span) => ({
    name: "adamax",
    lr: a.number("lr"),
    betas: betaPair(a),
    eps: a.number("eps"),
    weightDecay: a.number("weight_decay"),
    span,
  }),
  scheduled: (p) => ({ lr: p.lr, momentum: { name: "beta1", base: p.betas[0] }, weightDecay: p.weightDecay }),
  typescript: (p) => ({
    kind: "step",
    runtimeImports: ["adamaxStep", "type AdamaxHyperparameters"],
    hyperparameters: hyperparameterConstant(
      "ADAMAX",
      "AdamaxHyperparameters",
      "Adamax's hyperparameters; lr, β1 and weight decay follow their schedules.",
      {
        beta2: p.betas[1],
        eps: p.eps,
      },
    ),
    state: [
      { field: "expAvg", torchName: "exp_avg", initial: 0 },
      { field: "expInf", torchName: "exp_inf", initial: 0 },
    ],
    scalarState: [],
    stepScalars: "",
    call: (group) => `adamaxStep(ADAMAX, step, ${group}, P, G, this.expAvg, this.expInf);`,
  }),
  pytorch: (p) => ({
    cls: "torch.optim.Adamax",
    args: [
      ["lr", py.float(p.lr)],
      ["betas", py.pair(p.betas)],
      ["eps", py.float(p.eps)],
      ["weight_decay", py.float(p.weightDecay)],
    ],
  }),
});
