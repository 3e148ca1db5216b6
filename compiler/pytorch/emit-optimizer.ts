/**
 * The loss, the loss-term regularizers and the optimizer: torch.optim's classes with every hyperparameter
 * written out under PyTorch's name, one parameter group per (lr_mult, wd_mult) pair. NAdam is the one
 * optimizer written out here: PyTorch 1.13's has a known error (see NADAM below).
 */
import type { LossPlan, OptimizerPlan, Plan } from "../ir.ts";
import { moduleRef } from "./emit-model.ts";
import { pyBool, pyFloat } from "./literals.ts";

/** torch.optim class and the hyperparameters it takes, in PyTorch's order. */
export const OPTIMIZERS: Readonly<Record<string, { readonly cls: string; readonly args: readonly string[] }>> = {
  sgd: { cls: "torch.optim.SGD", args: ["lr", "momentum", "dampening", "weight_decay", "nesterov"] },
  adagrad: { cls: "torch.optim.Adagrad", args: ["lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"] },
  adadelta: { cls: "torch.optim.Adadelta", args: ["lr", "rho", "eps", "weight_decay"] },
  rmsprop: { cls: "torch.optim.RMSprop", args: ["lr", "alpha", "eps", "weight_decay", "momentum", "centered"] },
  adam: { cls: "torch.optim.Adam", args: ["lr", "betas", "eps", "weight_decay", "amsgrad"] },
  adamw: { cls: "torch.optim.AdamW", args: ["lr", "betas", "eps", "weight_decay", "amsgrad"] },
  nadam: { cls: "NAdam", args: ["lr", "betas", "eps", "weight_decay", "momentum_decay"] },
  radam: { cls: "torch.optim.RAdam", args: ["lr", "betas", "eps", "weight_decay"] },
  adamax: { cls: "torch.optim.Adamax", args: ["lr", "betas", "eps", "weight_decay"] },
};

function value(v: number | boolean | string | readonly number[]): string {
  if (typeof v === "boolean") return pyBool(v);
  if (typeof v === "number") return pyFloat(v);
  if (Array.isArray(v)) return `(${v.map(pyFloat).join(", ")})`;
  throw new Error(`internal: unexpected hyperparameter ${JSON.stringify(v)}`);
}

/** `model.fc1.weight`, or a lookup by string when the layer's name cannot be an attribute. */
export function tensorRef(tensor: string): string {
  const dot = tensor.lastIndexOf(".");
  return `${moduleRef("model", tensor.slice(0, dot))}.${tensor.slice(dot + 1)}`;
}

export function emitLoss(loss: LossPlan): string {
  const head = [`def loss_sum(outputs: torch.Tensor, y: torch.Tensor) -> torch.Tensor:`];
  switch (loss.kind) {
    case "cross_entropy":
      return [
        ...head,
        `    """Cross-entropy on the logits, summed over the batch (the caller divides by the global batch size)."""`,
        `    return F.cross_entropy(outputs, y, reduction="sum", label_smoothing=${pyFloat(loss.labelSmoothing)})`,
        ``,
        ``,
        `def mixed_loss_sum(outputs: torch.Tensor, y: torch.Tensor, lam: float, perm: torch.Tensor) -> torch.Tensor:`,
        `    """Cross-entropy against mixed labels λ·y + (1 − λ)·y[perm] (label smoothing folded in), summed over the batch."""`,
        `    return lam * loss_sum(outputs, y) + (1 - lam) * loss_sum(outputs, y[perm])`,
      ].join("\n");
    case "mse":
      return [
        ...head,
        `    """Mean squared error per sample (mean over the outputs, as nn.MSELoss), summed over the batch."""`,
        `    return F.mse_loss(outputs, y, reduction="none").mean(dim=1).sum()`,
      ].join("\n");
    case "hinge":
      return [
        ...head,
        `    """Multiclass SVM loss (CS231n): Σ_{j≠y} max(0, s_j − s_y + margin) per sample, summed over the batch."""`,
        `    margins = F.relu(outputs - outputs.gather(1, y[:, None]) + ${pyFloat(loss.margin)})`,
        `    return margins.scatter(1, y[:, None], 0.0).sum()`,
      ].join("\n");
  }
}

export function emitPenalty(plan: Plan): string {
  const terms: string[] = [];
  for (const reg of plan.training.regularizers) {
    for (const tensor of reg.tensors) {
      terms.push(
        reg.kind === "l1"
          ? `${pyFloat(reg.lambda)} * ${tensorRef(tensor)}.abs().sum()`
          : `${pyFloat(reg.lambda)} * ${tensorRef(tensor)}.pow(2).sum()`,
      );
    }
  }
  return [
    `def penalty(model: Model) -> Union[torch.Tensor, float]:`,
    `    """Loss-term regularizers: λ·Σ|w| (l1) and λ·Σw² (l2) over the tensors the spec names (biases only when listed)."""`,
    `    return ${terms.length ? terms.join(" + ") : "0.0"}`,
  ].join("\n");
}

interface Group {
  readonly lrMult: number;
  readonly wdMult: number;
  readonly tensors: string[];
}

function parameterGroups(plan: Plan): { groups: Group[]; frozen: string[] } {
  const groups: Group[] = [];
  const frozen: string[] = [];
  for (const layer of plan.layers) {
    if (layer.kind !== "dense" && layer.kind !== "conv2d" && layer.kind !== "batchnorm") continue;
    const tensors = layer.kind === "batchnorm" ? (layer.affine ? ["weight", "bias"] : []) : layer.bias ? ["weight", "bias"] : ["weight"];
    if (tensors.length === 0) continue;
    if (layer.frozen) {
      frozen.push(layer.name);
      continue;
    }
    let g = groups.find((x) => x.lrMult === layer.lrMult && x.wdMult === layer.wdMult);
    if (g === undefined) groups.push((g = { lrMult: layer.lrMult, wdMult: layer.wdMult, tensors: [] }));
    g.tensors.push(...tensors.map((t) => `${layer.name}.${t}`));
  }
  return { groups, frozen };
}

/** Per-group learning-rate multipliers, in group order (one_cycle's max_lr is per group). */
export function lrMultipliers(plan: Plan): number[] {
  return parameterGroups(plan).groups.map((g) => g.lrMult);
}

export function emitOptimizer(plan: Plan): string {
  const opt: OptimizerPlan = plan.optimizer;
  const entry = OPTIMIZERS[opt.name];
  const { groups, frozen } = parameterGroups(plan);
  const lr = opt.hyper.lr as number;
  const wd = (opt.hyper.weight_decay as number | undefined) ?? 0;
  const lines = [
    `def make_optimizer(model: Model) -> torch.optim.Optimizer:`,
    `    """${entry.cls.replace("torch.optim.", "")} over parameter groups by (lr_mult, wd_mult); "lr_mult" and "wd_mult" stay in each group (reporting, scheduled weight decay)."""`,
  ];
  for (const name of frozen) lines.push(`    ${moduleRef("model", name)}.requires_grad_(False)  # frozen: no gradient, not optimized`);
  lines.push(`    groups = [`);
  for (const g of groups) {
    const params = g.tensors.map(tensorRef).join(", ");
    lines.push(
      `        {"params": [${params}], "lr": ${pyFloat(lr)} * ${pyFloat(g.lrMult)}, "weight_decay": ${pyFloat(wd)} * ${pyFloat(g.wdMult)}, "lr_mult": ${pyFloat(g.lrMult)}, "wd_mult": ${pyFloat(g.wdMult)}},`,
    );
  }
  lines.push(`    ]`);
  const args = entry.args.filter((a) => opt.hyper[a] !== undefined).map((a) => `${a}=${value(opt.hyper[a])}`);
  lines.push(`    return ${entry.cls}(groups, ${args.join(", ")})`);
  return lines.join("\n");
}

/** PyTorch 1.13's NAdam with the second bias correction fixed; emitted only when the spec uses nadam. */
export const NADAM = `class NAdam(torch.optim.Optimizer):
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
