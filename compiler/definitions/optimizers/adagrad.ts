import type { Span } from "../../../grammar/span.ts";
import { NUMBER, opt } from "../../registry/params.ts";
import { nonNegative } from "../../registry/range.ts";
import { defineOptimizer } from "./definition.ts";
import { hyperparameterConstant, py } from "./emit.ts";
import { eps, lr, weightDecay } from "./params.ts";

export interface AdagradPlan {
  readonly name: "adagrad";
  readonly lr: number;
  readonly lrDecay: number;
  readonly weightDecay: number;
  readonly initialAccumulatorValue: number;
  readonly eps: number;
  readonly span: Span;
}

export const adagrad = defineOptimizer<AdagradPlan>({
  entry: {
    name: "adagrad",
    role: "optimizer",
    params: [
      lr(0.01),
      opt("lr_decay", NUMBER, 0, "learning rate decay: lr/(1 + (t − 1)·lr_decay)", nonNegative),
      weightDecay(0),
      opt("initial_accumulator_value", NUMBER, 0, "starting value of the squared-gradient sum", nonNegative),
      eps(1e-10),
    ],
    doc: "Adagrad: per-parameter step sizes from the sum of all past squared gradients.",
    details:
      "G ← G + g², θ ← θ − lr·g/(√G + ε). Parameters with rare, large gradients get larger steps — good for " +
      "sparse features. The sum only grows, so the effective learning rate decays monotonically and training " +
      "can stall early (CS231n); RMSprop fixes that with a moving average.",
  },
  plan: (a, span) => ({
    name: "adagrad",
    lr: a.number("lr"),
    lrDecay: a.number("lr_decay"),
    weightDecay: a.number("weight_decay"),
    initialAccumulatorValue: a.number("initial_accumulator_value"),
    eps: a.number("eps"),
    span,
  }),
  scheduled: (p) => ({ lr: p.lr, momentum: undefined, weightDecay: p.weightDecay }),
  typescript: (p) => ({
    kind: "step",
    runtimeImports: ["adagradStep", "type AdagradHyperparameters"],
    hyperparameters: hyperparameterConstant(
      "ADAGRAD",
      "AdagradHyperparameters",
      "Adagrad's hyperparameters; lr and weight decay follow their schedules.",
      {
        lrDecay: p.lrDecay,
        eps: p.eps,
      },
    ),
    state: [{ field: "sum", torchName: "sum", initial: p.initialAccumulatorValue }],
    scalarState: [],
    stepScalars: "",
    call: (group) => `adagradStep(ADAGRAD, step, ${group}, P, G, this.sum);`,
  }),
  pytorch: (p) => ({
    cls: "torch.optim.Adagrad",
    args: [
      ["lr", py.float(p.lr)],
      ["lr_decay", py.float(p.lrDecay)],
      ["weight_decay", py.float(p.weightDecay)],
      ["initial_accumulator_value", py.float(p.initialAccumulatorValue)],
      ["eps", py.float(p.eps)],
    ],
  }),
});
