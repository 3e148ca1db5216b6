import type { Span } from "../../../grammar/span.ts";
import { BOOLEAN, opt } from "../../registry/params.ts";
import type { Arguments, PyTorchOptimizer, StepUpdate } from "./definition.ts";
import { betaPair, defineOptimizer } from "./definition.ts";
import { hyperparameterConstant, py } from "./emit.ts";
import { betas, eps, lr, weightDecay } from "./params.ts";

/** Adam and AdamW: the same state and step; AdamW decays the weights apart from the adaptive step. */
export interface AdamPlan<Name extends "adam" | "adamw" = "adam"> {
  readonly name: Name;
  readonly lr: number;
  readonly betas: readonly [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  readonly amsgrad: boolean;
  readonly span: Span;
}

export const adamDetails =
  "m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ), θ ← θ − lr·m̂/(√v̂ + ε). " +
  "Momentum on the gradient plus RMSprop's per-parameter scaling, with bias correction so the first steps are " +
  "not tiny (Kingma & Ba 2014). The recommended default (CS231n): lr = 1e-3, β = (0.9, 0.999), ε = 1e-8.";

export const amsgradParam = opt("amsgrad", BOOLEAN, false, "use the maximum of past v̂ (AMSGrad)");

export function adamPlan<Name extends "adam" | "adamw">(name: Name, a: Arguments, span: Span): AdamPlan<Name> {
  return {
    name,
    lr: a.number("lr"),
    betas: betaPair(a),
    eps: a.number("eps"),
    weightDecay: a.number("weight_decay"),
    amsgrad: a.boolean("amsgrad"),
    span,
  };
}

/** One adamStep per group; AdamW's constant says its weight decay is decoupled. */
export function adamUpdate(p: AdamPlan<"adam" | "adamw">): StepUpdate {
  const constant = p.name.toUpperCase();
  const who = p.name === "adamw" ? "AdamW" : "Adam";
  return {
    kind: "step",
    runtimeImports: ["adamStep", "type AdamHyperparameters"],
    hyperparameters: hyperparameterConstant(
      constant,
      "AdamHyperparameters",
      `${who}'s hyperparameters; lr, β1 and weight decay follow their schedules.`,
      {
        beta2: p.betas[1],
        eps: p.eps,
        amsgrad: p.amsgrad,
        decoupledWeightDecay: p.name === "adamw",
      },
    ),
    state: [
      { field: "expAvg", torchName: "exp_avg", initial: 0 },
      { field: "expAvgSq", torchName: "exp_avg_sq", initial: 0 },
      ...(p.amsgrad ? [{ field: "maxExpAvgSq", torchName: "max_exp_avg_sq", initial: 0 }] : []),
    ],
    scalarState: [],
    stepScalars: "",
    call: (group) => `adamStep(${constant}, step, ${group}, P, G, this.expAvg, this.expAvgSq, ${p.amsgrad ? "this.maxExpAvgSq" : "null"});`,
  };
}

export function adamPyTorch(cls: string, p: AdamPlan<"adam" | "adamw">): PyTorchOptimizer {
  return {
    cls,
    args: [
      ["lr", py.float(p.lr)],
      ["betas", py.pair(p.betas)],
      ["eps", py.float(p.eps)],
      ["weight_decay", py.float(p.weightDecay)],
      ["amsgrad", py.bool(p.amsgrad)],
    ],
  };
}

export const adam = defineOptimizer<AdamPlan<"adam">>({
  entry: {
    name: "adam",
    role: "optimizer",
    params: [lr(1e-3), betas, eps(1e-8), weightDecay(0), amsgradParam],
    doc: "Adam: momentum plus per-parameter adaptive step sizes, bias-corrected.",
    details: adamDetails + " weight_decay here is an L2 term added to the gradient (coupled); for decoupled decay use adamw.",
  },
  plan: (a, span) => adamPlan("adam", a, span),
  scheduled: (p) => ({ lr: p.lr, momentum: { name: "beta1", base: p.betas[0] }, weightDecay: p.weightDecay }),
  typescript: adamUpdate,
  pytorch: (p) => adamPyTorch("torch.optim.Adam", p),
});
