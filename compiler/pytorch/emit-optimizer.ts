/**
 * The loss-term regularizers and the optimizer (the loss is emit-loss.ts): the optimizer's definition
 * (compiler/definitions/optimizers/) names the torch.optim class and writes every hyperparameter under
 * PyTorch's name; here it gets one parameter group per (lr_mult, wd_mult) pair.
 */
import type { Plan } from "../ir.ts";
import { optimizerOf } from "../definitions/optimizers/index.ts";
import { layerTensors } from "../definitions/layers/index.ts";
import { regularizerOf } from "../definitions/regularizers/index.ts";
import type { PyTorchOptimizer } from "../definitions/optimizers/definition.ts";
import { moduleRef } from "./module-tree.ts";
import { pyFloat } from "./literals.ts";

/** `model.fc1.weight`, or a lookup by string when the layer's name cannot be an attribute. */
export function tensorRef(plan: Plan, tensor: string): string {
  const dot = tensor.lastIndexOf(".");
  return `${moduleRef(plan, "model", tensor.slice(0, dot))}.${tensor.slice(dot + 1)}`;
}

export function emitPenalty(plan: Plan): string {
  const terms: string[] = [];
  for (const reg of plan.training.regularizers) {
    for (const tensor of reg.tensors) {
      terms.push(`${pyFloat(reg.lambda)} * ${regularizerOf(reg).pytorch(tensorRef(plan, tensor))}`);
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
    // The layer's parameters (its definition's `params` tensors), which share its overrides.
    const params = layerTensors(layer).flatMap((t) => (t.buffer === "params" ? [t] : []));
    if (params.length === 0) continue;
    const { frozen: isFrozen, lrMult, wdMult } = params[0].train;
    if (isFrozen) {
      frozen.push(layer.name);
      continue;
    }
    let g = groups.find((x) => x.lrMult === lrMult && x.wdMult === wdMult);
    if (g === undefined) groups.push((g = { lrMult, wdMult, tensors: [] }));
    g.tensors.push(...params.map((t) => `${layer.name}.${t.role}`));
  }
  return { groups, frozen };
}

/** Per-group learning-rate multipliers, in group order (one_cycle's max_lr is per group). */
export function lrMultipliers(plan: Plan): number[] {
  return parameterGroups(plan).groups.map((g) => g.lrMult);
}

/** The optimizer's torch.optim class and arguments; the spec was rejected (support.ts) when the target has none. */
export function torchOptimizer(plan: Plan): PyTorchOptimizer {
  const torch = optimizerOf(plan.optimizer).pytorch(plan.optimizer);
  if ("unsupported" in torch) throw new Error(`internal: ${torch.unsupported} reached the pytorch generator`);
  return torch;
}

/** Python classes the optimizer needs defined before make_optimizer (our NAdam), in order. */
export function optimizerClasses(plan: Plan): string[] {
  const source = torchOptimizer(plan).classSource;
  return source === undefined ? [] : [source];
}

export function emitOptimizer(plan: Plan): string {
  const entry = torchOptimizer(plan);
  const { groups, frozen } = parameterGroups(plan);
  const { lr, weightDecay: wd } = optimizerOf(plan.optimizer).scheduled(plan.optimizer);
  const lines = [
    `def make_optimizer(model: Model) -> torch.optim.Optimizer:`,
    `    """${entry.cls.replace("torch.optim.", "")} over parameter groups by (lr_mult, wd_mult); "lr_mult" and "wd_mult" stay in each group (reporting, scheduled weight decay)."""`,
  ];
  for (const name of frozen)
    lines.push(`    ${moduleRef(plan, "model", name)}.requires_grad_(False)  # frozen: no gradient, not optimized`);
  lines.push(`    groups = [`);
  for (const g of groups) {
    const params = g.tensors.map((t) => tensorRef(plan, t)).join(", ");
    lines.push(
      `        {"params": [${params}], "lr": ${pyFloat(lr)} * ${pyFloat(g.lrMult)}, "weight_decay": ${pyFloat(wd)} * ${pyFloat(g.wdMult)}, "lr_mult": ${pyFloat(g.lrMult)}, "wd_mult": ${pyFloat(g.wdMult)}},`,
    );
  }
  lines.push(`    ]`);
  const args = entry.args.map(([name, value]) => `${name}=${value}`);
  lines.push(`    return ${entry.cls}(groups, ${args.join(", ")})`);
  return lines.join("\n");
}
