import type { Span } from "../../../grammar/span.ts";
import { NUMBER, opt } from "../../registry/params.ts";
import { nonNegative } from "../../registry/range.ts";
import { betaPair, defineOptimizer } from "./definition.ts";
import { hyperparameterConstant, py } from "./emit.ts";
import { betas, eps, lr, weightDecay } from "./params.ts";

export interface NadamPlan {
  readonly name: "nadam";
  readonly lr: number;
  readonly betas: readonly [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  readonly momentumDecay: number;
  readonly span: Span;
}

export const nadam = defineOptimizer<NadamPlan>({
  entry: {
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
  },
  plan: (a, span) => ({
    name: "nadam",
    lr: a.number("lr"),
    betas: betaPair(a),
    eps: a.number("eps"),
    weightDecay: a.number("weight_decay"),
    momentumDecay: a.number("momentum_decay"),
    span,
  }),
  scheduled: (p) => ({ lr: p.lr, momentum: { name: "beta1", base: p.betas[0] }, weightDecay: p.weightDecay }),
  typescript: (p) => {
    return {
      kind: "step",
      runtimeImports: ["nadamStep", "nadamScalars", "nadamStepScalars", "type NadamHyperparameters"],
      hyperparameters: hyperparameterConstant(
        "NADAM",
        "NadamHyperparameters",
        "NAdam's hyperparameters; lr, β1 and weight decay follow their schedules.",
        {
          beta2: p.betas[1],
          eps: p.eps,
          momentumDecay: p.momentumDecay,
        },
      ),
      state: [
        { field: "expAvg", torchName: "exp_avg", initial: 0 },
        { field: "expAvgSq", torchName: "exp_avg_sq", initial: 0 },
      ],
      scalarState: [{ field: "muProduct", initial: 1 }],
      stepScalars: [
        `// the momentum schedule μ_t and its running product, advanced once per step`,
        `const mu = nadamScalars(t, mom, NADAM.momentumDecay, this.muProduct);`,
        `this.muProduct = mu.muProduct;`,
      ].join("\n"),
      stepValues: "nadamStepScalars(mu)",
      call: (group) => `nadamStep(NADAM, step, ${group}, P, G, this.expAvg, this.expAvgSq);`,
    };
  },
  // PyTorch 1.13's NAdam has a known error (see NADAM_CLASS), so the script defines its own.
  pytorch: (p) => ({
    cls: "NAdam",
    args: [
      ["lr", py.float(p.lr)],
      ["betas", py.pair(p.betas)],
      ["eps", py.float(p.eps)],
      ["weight_decay", py.float(p.weightDecay)],
      ["momentum_decay", py.float(p.momentumDecay)],
    ],
    classSource: NADAM_CLASS,
  }),
});

/** PyTorch 1.13's NAdam with the second bias correction fixed; emitted only when the spec uses nadam. */
const NADAM_CLASS = `class NAdam(torch.optim.Optimizer):
    """
    torch.optim.NAdam (Dozat 2016) with one correction. PyTorch 1.13's single-tensor NAdam computes
    mu_product_next = mu_product·μ_t·μ_{t+1}, multiplying μ_t in twice; the published formula, which nnc
    follows, is mu_product·μ_{t+1}. Everything else is PyTorch's code path: mu_product is a float32 scalar,
    the bias corrections and μ are computed in float64.
    """

    def __init__(self, params: Any, lr: float = 2e-3, betas: Tuple[float, float] = (0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0.0, momentum_decay: float = 4e-3) -> None:
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, momentum_decay=momentum_decay))

    @torch.no_grad()
    def step(self, closure: Any = None) -> None:
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["step"] = torch.tensor(0.0)
                    state["mu_product"] = torch.tensor(1.0)
                    state["exp_avg"] = torch.zeros_like(p, memory_format=torch.preserve_format)
                    state["exp_avg_sq"] = torch.zeros_like(p, memory_format=torch.preserve_format)
                state["step"] += 1
                t = state["step"].item()
                grad = p.grad if group["weight_decay"] == 0 else p.grad.add(p, alpha=group["weight_decay"])
                bias_correction2 = 1 - beta2 ** t
                mu = beta1 * (1.0 - 0.5 * (0.96 ** (t * group["momentum_decay"])))
                mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((t + 1) * group["momentum_decay"])))
                state["mu_product"] *= mu
                mu_product_next = state["mu_product"] * mu_next
                state["exp_avg"].mul_(beta1).add_(grad, alpha=1 - beta1)
                state["exp_avg_sq"].mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                denom = state["exp_avg_sq"].div(bias_correction2).sqrt().add_(group["eps"])
                p.addcdiv_(grad, denom, value=-group["lr"] * (1.0 - mu) / (1.0 - state["mu_product"].item()))
                p.addcdiv_(state["exp_avg"], denom, value=-group["lr"] * mu_next / (1.0 - mu_product_next.item()))`;
