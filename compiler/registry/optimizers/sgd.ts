import type { RegistryEntry } from "../types.ts";
import { BOOLEAN, NUMBER, opt, req } from "../params.ts";
import { nonNegative, positive } from "../range.ts";
import { weightDecay } from "./common.ts";

export const sgd: RegistryEntry = {
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
};
