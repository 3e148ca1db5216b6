import type { Span } from "../../../grammar/span.ts";
import { BOOLEAN, NUMBER, opt, req } from "../../registry/params.ts";
import { nonNegative, positive } from "../../registry/range.ts";
import { defineOptimizer } from "./definition.ts";
import { hyperparameterConstant, py } from "./emit.ts";
import { weightDecay } from "./params.ts";

export interface SgdPlan {
  readonly name: "sgd";
  readonly lr: number;
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  readonly span: Span;
}

export const sgd = defineOptimizer<SgdPlan>({
  entry: {
    name: "sgd",
    confusedWith: {
      momentum: "momentum is sgd(lr, momentum = 0.9)",
      nesterov: "Nesterov momentum is sgd(lr, momentum = 0.9, nesterov = true)",
      gd: "gradient descent is sgd",
      gradient_descent: "gradient descent is sgd",
    },
    role: "optimizer",
    params: [
      req("lr", NUMBER, "learning rate", positive),
      opt("momentum", NUMBER, 0, "momentum factor μ", nonNegative),
      opt("dampening", NUMBER, 0, "dampening for momentum", nonNegative),
      opt("nesterov", BOOLEAN, false, "use Nesterov momentum"),
      weightDecay(0),
    ],
    doc: "Stochastic gradient descent, optionally with (Nesterov) momentum.",
    details:
      "Vanilla: θ ← θ − lr·g. With momentum (PyTorch's form): v ← μ·v + (1 − dampening)·g, θ ← θ − lr·v; " +
      "Nesterov uses g + μ·v instead of v. Momentum builds up velocity along consistent directions and damps " +
      "oscillation across ravines (CS231n: μ ≈ 0.9). Simple, well understood, often the best generalizing " +
      "choice with a good learning-rate schedule.",
  },
  plan: (a, span) => ({
    name: "sgd",
    lr: a.number("lr"),
    momentum: a.number("momentum"),
    dampening: a.number("dampening"),
    nesterov: a.boolean("nesterov"),
    weightDecay: a.number("weight_decay"),
    span,
  }),
  scheduled: (p) => ({ lr: p.lr, momentum: { name: "momentum", base: p.momentum }, weightDecay: p.weightDecay }),
  typescript: (p) => ({
    kind: "step",
    runtimeImports: ["sgdStep", "type SgdHyperparameters"],
    hyperparameters: hyperparameterConstant(
      "SGD",
      "SgdHyperparameters",
      "SGD's hyperparameters; lr, momentum and weight decay follow their schedules.",
      {
        dampening: p.dampening,
        nesterov: p.nesterov,
      },
    ),
    state: [{ field: "momentumBuffer", torchName: "momentum_buffer", initial: 0 }],
    scalarState: [],
    stepScalars: "",
    call: (group) => `sgdStep(SGD, step, ${group}, P, G, this.momentumBuffer);`,
  }),
  pytorch: (p) => ({
    cls: "torch.optim.SGD",
    args: [
      ["lr", py.float(p.lr)],
      ["momentum", py.float(p.momentum)],
      ["dampening", py.float(p.dampening)],
      ["weight_decay", py.float(p.weightDecay)],
      ["nesterov", py.bool(p.nesterov)],
    ],
  }),
});
