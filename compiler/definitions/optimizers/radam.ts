import type { Span } from "../../../grammar/span.ts";
import { betaPair, defineOptimizer } from "./definition.ts";
import { hyperparameterConstant, py } from "./emit.ts";
import { betas, eps, lr, weightDecay } from "./params.ts";

export interface RadamPlan {
  readonly name: "radam";
  readonly lr: number;
  readonly betas: readonly [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  readonly span: Span;
}

export const radam = defineOptimizer<RadamPlan>({
  entry: {
    name: "radam",
    role: "optimizer",
    params: [lr(1e-3), betas, eps(1e-8), weightDecay(0)],
    doc: "RAdam: Adam with a rectified, variance-aware warm-up.",
    details:
      "While the variance of the adaptive term is intractable (ρ_t ≤ 5) it takes plain momentum steps; afterwards " +
      "Adam steps scaled by the rectification r_t (Liu et al. 2019). Removes the need for a hand-tuned warm-up.",
  },
  plan: (a, span) => ({
    name: "radam",
    lr: a.number("lr"),
    betas: betaPair(a),
    eps: a.number("eps"),
    weightDecay: a.number("weight_decay"),
    span,
  }),
  scheduled: (p) => ({ lr: p.lr, momentum: { name: "beta1", base: p.betas[0] }, weightDecay: p.weightDecay }),
  typescript: (p) => {
    return {
      kind: "step",
      runtimeImports: ["radamStep", "type RadamHyperparameters"],
      hyperparameters: hyperparameterConstant(
        "RADAM",
        "RadamHyperparameters",
        "RAdam's hyperparameters; lr, β1 and weight decay follow their schedules.",
        {
          beta2: p.betas[1],
          eps: p.eps,
        },
      ),
      state: [
        { field: "expAvg", torchName: "exp_avg", initial: 0 },
        { field: "expAvgSq", torchName: "exp_avg_sq", initial: 0 },
      ],
      scalarState: [],
      stepScalars: "",
      call: (group) => `radamStep(RADAM, step, ${group}, P, G, this.expAvg, this.expAvgSq);`,
    };
  },
  pytorch: (p) => ({
    cls: "torch.optim.RAdam",
    args: [
      ["lr", py.float(p.lr)],
      ["betas", py.pair(p.betas)],
      ["eps", py.float(p.eps)],
      ["weight_decay", py.float(p.weightDecay)],
    ],
  }),
});
